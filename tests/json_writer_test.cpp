// The streaming JSON writer against nlohmann's dump(2), the format it
// promises to match byte for byte.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "../src/reporters/json_writer.hpp"

TEST_CASE("json writer: strings are escaped exactly as nlohmann does", "[reporters]") {
  // Every special byte at every offset of the 8-byte words the writer scans.
  const std::string specials = std::string("\"\\\b\f\n\r\t\x01\x1f", 9) + std::string(1, '\0') + "\x7f" + "é";
  for (size_t len = 0; len < 20; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (char c : specials) {
        std::string s(len, 'a');
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), c);
        std::string out;
        pgsafe::JsonWriter w(out);
        w.begin_array();
        w.value(std::string_view(s));
        w.end_array();
        nlohmann::ordered_json ref = nlohmann::ordered_json::array({s});
        INFO("length " << len << ", byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << at);
        CHECK(out == ref.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
  }
}
