// The streaming JSON writer against nlohmann's dump(2), the format it
// promises to match byte for byte.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../src/ordered_tasks.hpp"
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
        w.flush();
        nlohmann::ordered_json ref = nlohmann::ordered_json::array({s});
        INFO("length " << len << ", byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << at);
        CHECK(out == ref.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
  }
}

TEST_CASE("json writer: keys, string fields and deep nesting match nlohmann", "[reporters]") {
  // A key known at run time (key_text) is escaped as needed; a literal key
  // (JsonKey) was rendered when the program was compiled.
  const std::vector<std::string> strings = {"",          "plain", "with \"quote\"",
                                            "tab\there", "é",     "long plain text, more than eight"};
  for (const std::string& k : strings) {
    for (const std::string& v : strings) {
      std::string out;
      pgsafe::JsonWriter w(out);
      w.begin_object();
      w.field("first", std::string_view(v));
      w.key_text(k);
      w.value(std::string_view(v));
      w.field("n", 7);
      w.end_object();
      w.flush();
      nlohmann::ordered_json ref;
      ref["first"] = v;
      ref[k] = v;
      ref["n"] = 7;
      if (k == "first" || k == "n") continue;  // a duplicate key: not JSON nlohmann can build
      INFO("key '" << k << "', value '" << v << "'");
      CHECK(out == ref.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  // Indents deeper than the writer's one-step separator (64 spaces).
  for (int depth : {1, 31, 32, 33, 40}) {
    std::string out;
    pgsafe::JsonWriter w(out);
    nlohmann::ordered_json ref = nlohmann::ordered_json::array({1, "x"});
    for (int i = 0; i < depth; ++i) ref = nlohmann::ordered_json::array({ref, i});
    for (int i = 0; i < depth; ++i) w.begin_array();
    w.begin_array();
    w.value(1);
    w.value("x");
    w.end_array();
    for (int i = 0; i < depth; ++i) {  // the innermost level closes first
      w.value(i);
      w.end_array();
    }
    w.flush();
    INFO("depth " << depth);
    CHECK(out == ref.dump(2));
  }
}

TEST_CASE("json writer: literal keys match nlohmann at every place in the buffer", "[reporters]") {
  // A literal key is copied as a fixed-size block with padding: the bytes
  // after it must not show, however full the writer's 8 KB buffer is. Keys
  // of 0, 1, 10 and 36 bytes (the longest JsonKey takes).
  std::string out;
  nlohmann::ordered_json ref = nlohmann::ordered_json::array();
  {
    pgsafe::JsonWriter w(out);
    w.begin_array();
    for (size_t pad = 0; pad < 600; ++pad) {
      const std::string filler(pad % 97, 'f');
      w.begin_object();
      w.field("", std::string_view(filler));
      w.field("a", pad);
      w.field("end_column", 3);
      w.field("exactly_thirty_six_bytes_long_key_xy", true);
      w.end_object();
      nlohmann::ordered_json o;
      o[""] = filler;
      o["a"] = pad;
      o["end_column"] = 3;
      o["exactly_thirty_six_bytes_long_key_xy"] = true;
      ref.push_back(o);
    }
    w.end_array();
  }
  CHECK(out == ref.dump(2));
}

TEST_CASE("json writer: output larger than the writer's buffer, and long strings", "[reporters]") {
  // The writer stages its output in 8 KB: pieces of every size up to past
  // that, plain and escaped, cross its end at every offset.
  std::string out;
  nlohmann::ordered_json ref = nlohmann::ordered_json::array();
  {
    pgsafe::JsonWriter w(out);
    w.begin_array();
    for (size_t len = 0; len < 10000; len = len * 5 / 4 + 1) {
      for (const char c : {'a', '"', '\n'}) {
        std::string s(len, 'x');
        if (len > 0) s[len / 2] = c;
        w.value(std::string_view(s));
        w.begin_object();
        w.key_text(s);
        w.value(std::string_view(s));
        w.end_object();
        ref.push_back(s);
        ref.push_back({{s, s}});
      }
    }
    w.end_array();
  }  // the destructor flushes
  CHECK(out == ref.dump(2));
}

TEST_CASE("json writer: an array written in parts on several threads is the array written whole", "[reporters]") {
  // Items of a nested array, as the reporters write findings: objects two
  // levels down, split into batches of every size around the batch length.
  auto item = [](pgsafe::JsonWriter& w, size_t i) {
    w.begin_object();
    w.field("n", static_cast<uint64_t>(i));
    w.field("s", std::string_view(i % 3 == 0 ? "x\"y" : "plain"));
    w.end_object();
  };
  for (size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{17}}) {
    nlohmann::ordered_json ref = {{"a", 1}, {"items", nlohmann::ordered_json::array()}, {"z", 2}};
    for (size_t i = 0; i < n; ++i) ref["items"].push_back({{"n", i}, {"s", i % 3 == 0 ? "x\"y" : "plain"}});
    for (size_t batch : {size_t{1}, size_t{2}, size_t{4}, size_t{32}}) {
      for (unsigned jobs : {1u, 3u}) {
        std::string out;
        pgsafe::JsonWriter w(out);
        w.begin_object();
        w.field("a", 1);
        w.key("items");
        w.begin_array();
        w.flush();  // before the parts, which go straight to `out`
        pgsafe::format_in_order(
            n, batch, jobs,
            [&](size_t first, size_t last, std::string& buf) {
              pgsafe::JsonWriter part(buf, 2, first > 0);
              for (size_t i = first; i < last; ++i) item(part, i);
            },
            [&](std::string_view s) { out += s; });
        if (n > 0) w.items_added();
        w.end_array();
        w.field("z", 2);
        w.end_object();
        w.flush();
        INFO(n << " items in batches of " << batch << " on " << jobs << " threads");
        CHECK(out == ref.dump(2));
      }
    }
  }
}
