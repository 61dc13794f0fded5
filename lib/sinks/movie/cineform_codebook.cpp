#include "sinks/movie/cineform_codebook.hpp"

#include <cstddef>

namespace frameout {

namespace {

// The CineForm format's magnitude codebook: {length, code word} of each level 0..255, without the sign bit.
// Level 0 is never written as such (zeros go into runs); its entry is the one-zero run code.
constexpr std::array<CineformCode, 256> kLevelCodes = [] {
  constexpr uint32_t table[256][2] = {
    {1, 0x0000000}, {2, 0x0000002}, {3, 0x0000007}, {5, 0x0000019}, {6, 0x0000030}, {6, 0x0000036},
    {7, 0x0000063}, {7, 0x000006B}, {7, 0x000006F}, {8, 0x00000D4}, {8, 0x00000DC}, {9, 0x0000189},
    {9, 0x00001A0}, {9, 0x00001AB}, {10, 0x0000310}, {10, 0x0000316}, {10, 0x0000354}, {10, 0x0000375},
    {10, 0x0000377}, {11, 0x0000623}, {11, 0x0000684}, {11, 0x00006AB}, {11, 0x00006EC}, {12, 0x0000C44},
    {12, 0x0000C5C}, {12, 0x0000C5E}, {12, 0x0000D55}, {12, 0x0000DD1}, {12, 0x0000DD3}, {12, 0x0000DDB},
    {13, 0x000188B}, {13, 0x00018BB}, {13, 0x0001AA8}, {13, 0x0001BA0}, {13, 0x0001BA4}, {13, 0x0001BB5},
    {14, 0x0003115}, {14, 0x0003175}, {14, 0x000317D}, {14, 0x0003553}, {14, 0x0003768}, {15, 0x0006228},
    {15, 0x00062E8}, {15, 0x00062F8}, {15, 0x0006AA4}, {15, 0x0006E85}, {15, 0x0006E87}, {15, 0x0006ED3},
    {16, 0x000C453}, {16, 0x000C5D3}, {16, 0x000C5F3}, {16, 0x000DD08}, {16, 0x000DD0C}, {16, 0x000DDA4},
    {17, 0x00188A4}, {17, 0x0018BA5}, {17, 0x0018BE5}, {17, 0x001AA95}, {17, 0x001AA97}, {17, 0x001BA13},
    {17, 0x001BB4A}, {17, 0x001BB4B}, {18, 0x0031748}, {18, 0x00317C8}, {18, 0x0035528}, {18, 0x003552C},
    {18, 0x0037424}, {18, 0x0037434}, {18, 0x0037436}, {19, 0x0062294}, {19, 0x0062E92}, {19, 0x0062F92},
    {19, 0x006AA52}, {19, 0x006AA5A}, {19, 0x006E84A}, {19, 0x006E86A}, {19, 0x006E86E}, {20, 0x00C452A},
    {20, 0x00C5D27}, {20, 0x00C5F26}, {20, 0x00D54A6}, {20, 0x00D54B6}, {20, 0x00DD096}, {20, 0x00DD0D6},
    {20, 0x00DD0DE}, {21, 0x0188A56}, {21, 0x018BA4D}, {21, 0x018BE4E}, {21, 0x018BE4F}, {21, 0x01AA96E},
    {21, 0x01BA12E}, {21, 0x01BA12F}, {21, 0x01BA1AF}, {21, 0x01BA1BF}, {22, 0x0317498}, {22, 0x035529C},
    {22, 0x035529D}, {22, 0x03552DE}, {22, 0x03552DF}, {22, 0x037435D}, {22, 0x037437D}, {23, 0x062295D},
    {23, 0x062E933}, {23, 0x06AA53D}, {23, 0x06AA53E}, {23, 0x06AA53F}, {23, 0x06E86B9}, {23, 0x06E86F8},
    {24, 0x0C452B8}, {24, 0x0C5D265}, {24, 0x0D54A78}, {24, 0x0D54A79}, {24, 0x0DD0D70}, {24, 0x0DD0D71},
    {24, 0x0DD0DF2}, {24, 0x0DD0DF3}, {26, 0x3114BA2}, {25, 0x188A5B1}, {25, 0x188A58B}, {25, 0x188A595},
    {25, 0x188A5D6}, {25, 0x188A5D7}, {25, 0x188A5A8}, {25, 0x188A5AE}, {25, 0x188A5AF}, {25, 0x188A5C4},
    {25, 0x188A5C5}, {25, 0x188A587}, {25, 0x188A584}, {25, 0x188A585}, {25, 0x188A5C6}, {25, 0x188A5C7},
    {25, 0x188A5CC}, {25, 0x188A5CD}, {25, 0x188A581}, {25, 0x188A582}, {25, 0x188A583}, {25, 0x188A5CE},
    {25, 0x188A5CF}, {25, 0x188A5C2}, {25, 0x188A5C3}, {25, 0x188A5C1}, {25, 0x188A5B4}, {25, 0x188A5B5},
    {25, 0x188A5E6}, {25, 0x188A5E7}, {25, 0x188A5E4}, {25, 0x188A5E5}, {25, 0x188A5AB}, {25, 0x188A5E0},
    {25, 0x188A5E1}, {25, 0x188A5E2}, {25, 0x188A5E3}, {25, 0x188A5B6}, {25, 0x188A5B7}, {25, 0x188A5FD},
    {25, 0x188A57E}, {25, 0x188A57F}, {25, 0x188A5EC}, {25, 0x188A5ED}, {25, 0x188A5FE}, {25, 0x188A5FF},
    {25, 0x188A57D}, {25, 0x188A59C}, {25, 0x188A59D}, {25, 0x188A5E8}, {25, 0x188A5E9}, {25, 0x188A5EA},
    {25, 0x188A5EB}, {25, 0x188A5EF}, {25, 0x188A57A}, {25, 0x188A57B}, {25, 0x188A578}, {25, 0x188A579},
    {25, 0x188A5BA}, {25, 0x188A5BB}, {25, 0x188A5B8}, {25, 0x188A5B9}, {25, 0x188A588}, {25, 0x188A589},
    {25, 0x18BA4C8}, {25, 0x18BA4C9}, {25, 0x188A5FA}, {25, 0x188A5FB}, {25, 0x188A5BC}, {25, 0x188A5BD},
    {25, 0x188A598}, {25, 0x188A599}, {25, 0x188A5F4}, {25, 0x188A5F5}, {25, 0x188A59B}, {25, 0x188A5DE},
    {25, 0x188A5DF}, {25, 0x188A596}, {25, 0x188A597}, {25, 0x188A5F8}, {25, 0x188A5F9}, {25, 0x188A5F1},
    {25, 0x188A58E}, {25, 0x188A58F}, {25, 0x188A5DC}, {25, 0x188A5DD}, {25, 0x188A5F2}, {25, 0x188A5F3},
    {25, 0x188A58C}, {25, 0x188A58D}, {25, 0x188A5A4}, {25, 0x188A5F0}, {25, 0x188A5A5}, {25, 0x188A5A6},
    {25, 0x188A5A7}, {25, 0x188A59A}, {25, 0x188A5A2}, {25, 0x188A5A3}, {25, 0x188A58A}, {25, 0x188A5B0},
    {25, 0x188A5A0}, {25, 0x188A5A1}, {25, 0x188A5DA}, {25, 0x188A5DB}, {25, 0x188A59E}, {25, 0x188A59F},
    {25, 0x188A5D8}, {25, 0x188A5EE}, {25, 0x188A5D9}, {25, 0x188A5F6}, {25, 0x188A5F7}, {25, 0x188A57C},
    {25, 0x188A5C8}, {25, 0x188A5C9}, {25, 0x188A594}, {25, 0x188A5FC}, {25, 0x188A5CA}, {25, 0x188A5CB},
    {25, 0x188A5B2}, {25, 0x188A5AA}, {25, 0x188A5B3}, {25, 0x188A572}, {25, 0x188A573}, {25, 0x188A5C0},
    {25, 0x188A5BE}, {25, 0x188A5BF}, {25, 0x188A592}, {25, 0x188A580}, {25, 0x188A593}, {25, 0x188A590},
    {25, 0x188A591}, {25, 0x188A586}, {25, 0x188A5A9}, {25, 0x188A5D2}, {25, 0x188A5D3}, {25, 0x188A5D4},
    {25, 0x188A5D5}, {25, 0x188A5AC}, {25, 0x188A5AD}, {25, 0x188A5D0},
  };
  std::array<CineformCode, 256> codes{};
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = {table[i][1], table[i][0]};
  return codes;
}();

// The CineForm format's run codebook: the zero runs that have a code word of their own.
struct RunWord {
  int zeros;
  CineformCode code;
};
constexpr std::array<RunWord, 8> kRunWords = {{{1, {0x0, 1}},
                                               {kCineformShortestRunWord, {0x69, 7}},
                                               {20, {0xD1, 8}},
                                               {32, {0x18A, 9}},
                                               {60, {0x343, 10}},
                                               {100, {0x685, 11}},
                                               {180, {0x18BF, 13}},
                                               {kCineformLongestRun, kCineformLongestRunCode}}};

}  // namespace

int cineform_level(int magnitude) {
  // The largest level whose expansion l + 768 l³ / 256³ does not exceed the magnitude (levels grow faster
  // than one a step only above 100).
  static const std::array<uint8_t, kCineformMaxMagnitude + 1> levels = [] {
    std::array<uint8_t, kCineformMaxMagnitude + 1> table{};
    int level = 0;
    for (int m = 0; m <= kCineformMaxMagnitude; ++m) {
      while (level < 255 && level + 1 + 768LL * (level + 1) * (level + 1) * (level + 1) / (256 * 256 * 256) <= m)
        ++level;
      table[static_cast<size_t>(m)] = static_cast<uint8_t>(level);
    }
    return table;
  }();
  return levels[static_cast<size_t>(magnitude)];
}

const std::array<CineformCode, kCineformMaxMagnitude + 1>& cineform_coefficient_codes() {
  static const std::array<CineformCode, kCineformMaxMagnitude + 1> codes = [] {
    std::array<CineformCode, kCineformMaxMagnitude + 1> table{};
    for (int m = 1; m <= kCineformMaxMagnitude; ++m) {
      const CineformCode word = kLevelCodes[static_cast<size_t>(cineform_level(m))];
      table[static_cast<size_t>(m)] = {word.bits << 1, word.length + 1};
    }
    return table;
  }();
  return codes;
}

const std::array<CineformRunCode, kCineformLongestRun>& cineform_run_codes() {
  static const std::array<CineformRunCode, kCineformLongestRun> codes = [] {
    std::array<CineformRunCode, kCineformLongestRun> table{};
    for (int run = 1; run < kCineformLongestRun; ++run) {
      CineformRunCode code{0, 0};
      // The longest run word that fits, again and again, as the decoder's reference encoder does.
      for (int left = run; left > 0;) {
        size_t w = kRunWords.size() - 1;
        while (kRunWords[w].zeros > left) --w;
        code.bits = code.bits << kRunWords[w].code.length | kRunWords[w].code.bits;
        code.length += kRunWords[w].code.length;
        left -= kRunWords[w].zeros;
      }
      table[static_cast<size_t>(run)] = code;
    }
    return table;
  }();
  return codes;
}

}  // namespace frameout
