#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "media/colour_space.hpp"
#include "params/registry.hpp"
#include "system/error.hpp"

using namespace frameout;

TEST_CASE("the outputcolorspace menu lists the colour-space descriptors, in order and with their labels", "[colour]") {
  const params::ParamDef* def = params::find_param("outputcolorspace", params::Command::Movie);
  REQUIRE(def != nullptr);
  std::vector<std::string> menu, table;
  for (const params::MenuItem& item : def->menu) menu.push_back(std::string(item.token) + "|" + std::string(item.label));
  for (const ColourSpace& space : colour_spaces())
    table.push_back(std::string(space.token) + "|" + std::string(space.label));
  CHECK(menu == table);
}

TEST_CASE("colour-space lookup names the flag and the tokens on a miss", "[colour]") {
  CHECK(colour_space("rec2020hlg", "outputcolorspace").transfer == Transfer::Hlg);
  CHECK(find_colour_space("rec2100") == nullptr);
  CHECK_THROWS_WITH(colour_space("rec2100", "input-colorspace"),
                    Catch::Contains("--input-colorspace rec2100") && Catch::Contains("rec2020st2084pq"));
}

TEST_CASE("spaces without an exact H.273 code leave it unspecified", "[colour]") {
  for (const char* token : {"aces2065-1", "acescg", "acesproxy", "dcip3d60", "passthrough"})
    CHECK(colour_space(token, "outputcolorspace").tag_primaries == AVCOL_PRI_UNSPECIFIED);
  for (const char* token : {"dcip3", "dcip3d60", "acesproxy", "passthrough"})
    CHECK(colour_space(token, "outputcolorspace").tag_transfer == AVCOL_TRC_UNSPECIFIED);
  CHECK(colour_space("rec2020st2084pq", "outputcolorspace").yuv_matrix == AVCOL_SPC_BT2020_NCL);
  CHECK(colour_space("rec601ntsc", "outputcolorspace").yuv_matrix == AVCOL_SPC_SMPTE170M);
}
