// tests/model/corruption_test.cpp: damaged and malicious model files give errors, not crashes.
// Course topic: loading a model you do not trust. Truncations and bit flips are caught by
// the CRC; to reach the structural checks behind it, most cases here recompute the CRC
// after patching, as an attacker (or a buggy writer) would. Run under the sanitizer build.
#include <catch2/catch.hpp>
#include <random>

#include "model/format.hpp"
#include "model_test_support.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

Diagnostic try_load(const std::vector<std::uint8_t>& bytes) {
    Diagnostic d;
    load(bytes, d);
    return d;
}

/// A small file's field offsets, read back through the loader's observer.
FieldLog fields_of(const std::vector<std::uint8_t>& file) {
    FieldLog log;
    Diagnostic d;
    load(file, d, &log);
    REQUIRE_FALSE(d);
    return log;
}

} // namespace

TEST_CASE("every truncation of model.bin is an error", "[model][corruption]") {
    const std::vector<std::uint8_t> file = read_bytes(source_path("model.bin"));
    REQUIRE(file.size() > 1000);
    for (std::size_t length = 0; length < file.size(); ++length) {
        Diagnostic d;
        load(std::span(file).first(length), d);
        if (!d) FAIL("truncation to " << length << " bytes loaded");
    }
}

TEST_CASE("every truncation with a recomputed CRC fails a structural check", "[model][corruption]") {
    for (const Model& m : {small_forest(), small_linear(), small_logistic()}) {
        const std::vector<std::uint8_t> file = save(m);
        const std::size_t body = file.size() - 4;
        for (std::size_t length = format::header_bytes; length < body; ++length) {
            const Diagnostic d = try_load(truncated_with_crc(file, length));
            INFO("length " << length << ": " << d.message);
            CHECK((d.code == FormatError::truncated || d.code == FormatError::count_out_of_range));
            CHECK(d.message.rfind("at byte 0x", 0) == 0);
        }
    }
}

TEST_CASE("every bit flip is an error or a model that saves back to the same bytes", "[model][corruption]") {
    for (const Model& m : {small_forest(), small_logistic()}) {
        const std::vector<std::uint8_t> file = save(m);
        std::size_t rejected_by_crc = 0, rejected_by_structure = 0;
        for (std::size_t bit = 0; bit < (file.size() - 4) * 8; ++bit) {
            std::vector<std::uint8_t> flipped = file;
            flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
            rejected_by_crc += try_load(flipped) ? 1 : 0;
            fix_crc(flipped);
            Diagnostic d;
            const Model back = load(flipped, d);
            if (d) {
                ++rejected_by_structure;
                CHECK(d.message.rfind("at byte 0x", 0) == 0);
            } else {
                CHECK(save(back) == flipped); // accepted: then it is a well-formed model
            }
        }
        CHECK(rejected_by_crc == (file.size() - 4) * 8); // CRC-32 catches every single-bit error
        CHECK(rejected_by_structure > 0);
    }
}

TEST_CASE("counts set to 2^32-1 are rejected before allocating", "[model][corruption]") {
    const std::vector<std::uint8_t> file = save(small_forest());
    const FieldLog log = fields_of(file);
    for (const std::string what :
         {"the model name", "the feature count", "the name of feature 1", "the class count",
          "histogram bin count", "the tree count", "tree 1: node count"}) {
        std::vector<std::uint8_t> patched = file;
        const std::size_t at = log.offset_of(what);
        REQUIRE(at < file.size());
        put_u32(patched, at, 0xFFFFFFFFu);
        fix_crc(patched);
        const Diagnostic d = try_load(patched);
        INFO(what << ": " << d.message);
        CHECK(d.code == FormatError::count_out_of_range);
        CHECK(d.message.find("at byte " + hex_offset(at)) == 0);
    }
    const std::vector<std::uint8_t> linear = save(small_logistic());
    std::vector<std::uint8_t> patched = linear;
    put_u32(patched, fields_of(linear).offset_of("the number of weight rows"), 0xFFFFFFFFu);
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::count_out_of_range);
}

TEST_CASE("the node count message names the tree, the count and the bytes left", "[model][corruption]") {
    const std::vector<std::uint8_t> file = save(small_forest());
    std::vector<std::uint8_t> patched = file;
    const std::size_t at = fields_of(file).offset_of("tree 1: node count");
    put_u32(patched, at, 9);
    fix_crc(patched);
    const Diagnostic d = try_load(patched);
    CHECK(d.code == FormatError::count_out_of_range);
    CHECK(d.message.find("at byte " + hex_offset(at) + ": tree 1 declares 9 nodes") == 0);
    CHECK(d.message.find("but the file ends after 36 bytes") != std::string::npos);
}

TEST_CASE("child indices must point forward and inside the tree", "[model][corruption]") {
    const std::vector<std::uint8_t> file = save(small_forest());
    const FieldLog log = fields_of(file);
    struct Case {
        const char* what;
        std::size_t index;
        std::uint32_t value;
    };
    // Node 2 of tree 0 has children 3 and 4; node 0 has children 1 and 2.
    for (const Case c : {Case{"tree 0: left child", 2, 2}, Case{"tree 0: left child", 2, 1},
                         Case{"tree 0: right child", 0, 0}, Case{"tree 0: right child", 2, 5},
                         Case{"tree 0: left child", 0, 0xFFFFFFFFu}}) {
        std::vector<std::uint8_t> patched = file;
        put_u32(patched, log.offset_of(c.what, c.index), c.value);
        fix_crc(patched);
        const Diagnostic d = try_load(patched);
        INFO(c.what << " [" << c.index << "] = " << c.value << ": " << d.message);
        CHECK(d.code == FormatError::child_out_of_range);
    }
}

TEST_CASE("split features must be below the feature count, leaves must be clean", "[model][corruption]") {
    const std::vector<std::uint8_t> file = save(small_forest());
    const FieldLog log = fields_of(file);
    for (const std::uint32_t feature : {2u, 0x7FFFFFFFu, 0xFFFFFFFEu /* -2 */}) {
        std::vector<std::uint8_t> patched = file;
        put_u32(patched, log.offset_of("tree 0: feature", 2), feature);
        fix_crc(patched);
        const Diagnostic d = try_load(patched);
        INFO(d.message);
        CHECK(d.code == FormatError::feature_out_of_range);
    }
    std::vector<std::uint8_t> patched = file;
    put_u32(patched, log.offset_of("tree 0: left child", 1), 3); // a leaf with a child
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::inconsistent);
}

TEST_CASE("header faults are named: magic, version, kind, NaN, trailing bytes", "[model][corruption]") {
    const std::vector<std::uint8_t> file = save(small_forest());
    CHECK(try_load({}).code == FormatError::truncated);
    CHECK(try_load({'G', 'I', 'F'}).code == FormatError::bad_magic);
    CHECK(try_load({'G', 'L', 'A'}).code == FormatError::truncated);
    std::vector<std::uint8_t> patched = file;
    put_u32(patched, 8, 2);
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::unsupported_version);
    patched = file;
    put_u32(patched, 12, 9);
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::unknown_kind);
    patched = file;
    put_u32(patched, 12, format::kind_forest_regressor); // classes on a regressor
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::inconsistent);
    patched = file;
    const std::size_t t = fields_of(file).offset_of("tree 0: threshold");
    for (int i = 0; i < 8; ++i) patched[t + i] = i < 6 ? 0 : (i == 6 ? 0xF8 : 0x7F); // a NaN
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::bad_value);
    patched = file;
    patched.insert(patched.end() - 4, {0, 0, 0});
    fix_crc(patched);
    CHECK(try_load(patched).code == FormatError::trailing_bytes); // the size field disagrees
    fix_size_and_crc(patched);
    CHECK(try_load(patched).code == FormatError::trailing_bytes); // the payload ends early
    patched = file;
    patched.push_back(0);
    CHECK(try_load(patched).code == FormatError::trailing_bytes);
}

TEST_CASE("random multi-byte damage behind a valid CRC never crashes", "[model][corruption]") {
    std::mt19937_64 rng(11);
    for (const Model& m : {small_forest(), small_logistic(), small_linear()}) {
        const std::vector<std::uint8_t> file = save(m);
        for (int round = 0; round < 3000; ++round) {
            std::vector<std::uint8_t> damaged = file;
            const std::size_t changes = 1 + rng() % 4;
            for (std::size_t c = 0; c < changes; ++c)
                damaged[format::header_bytes + rng() % (file.size() - 4 - format::header_bytes)] =
                    static_cast<std::uint8_t>(rng());
            fix_crc(damaged);
            Diagnostic d;
            const Model back = load(damaged, d);
            if (!d) CHECK(save(back) == damaged);
        }
    }
}
