#include <catch2/catch.hpp>

#include <string>

#include "report/log_escape.hpp"

using frameout::escape_for_log;

TEST_CASE("plain text and valid UTF-8 reach the log unchanged", "[report]") {
  CHECK(escape_for_log("wrote \"out.mov\": 60 frames") == "wrote \"out.mov\": 60 frames");
  CHECK(escape_for_log("Überblick — 東京 🎬.exr") == "Überblick — 東京 🎬.exr");
  CHECK(escape_for_log(R"(C:\renders\a.exr)") == R"(C:\renders\a.exr)");
  CHECK(escape_for_log("") == "");
}

TEST_CASE("control characters cannot start a new log line", "[report]") {
  CHECK(escape_for_log("a\nProgress: 100%") == "a\\nProgress: 100%");
  CHECK(escape_for_log("a\r\tb") == "a\\r\\tb");
  CHECK(escape_for_log(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(escape_for_log("\x1b[2Jx\x7f") == "\\x1b[2Jx\\x7f");
  CHECK(escape_for_log("next\xc2\x85line \xc2\x9b") == "next\\u0085line \\u009b");  // C1: NEL, CSI
}

TEST_CASE("bytes that are not UTF-8 are shown as hex, the valid text around them is kept", "[report]") {
  CHECK(escape_for_log("a\xff" "b") == "a\\xffb");
  CHECK(escape_for_log("\xc3") == "\\xc3");                       // truncated sequence
  CHECK(escape_for_log("\xc0\xaf") == "\\xc0\\xaf");              // overlong '/'
  CHECK(escape_for_log("\xed\xa0\x80") == "\\xed\\xa0\\x80");     // UTF-16 surrogate
  CHECK(escape_for_log("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  CHECK(escape_for_log("\xe2\x82\xac\xe2\x82") == "€\\xe2\\x82");
}
