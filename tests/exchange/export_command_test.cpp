// tests/exchange/export_command_test.cpp: 'glassbox export' as a learner types it, and the
// protobuf wire format byte by byte (the examples of protobuf.dev's encoding guide).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "exchange/onnx_writer.hpp"
#include "exchange/pmml_writer.hpp"
#include "exchange/protobuf_writer.hpp"
#include "model/model_test_support.hpp"
#include "support/process.hpp"

using namespace glassbox;

TEST_CASE("protobuf writer: varints, keys and length-delimited fields", "[exchange][protobuf]") {
    exchange::ProtoWriter w;
    w.varint(1, 150); // protobuf.dev: "08 96 01"
    CHECK(w.data() == std::vector<std::uint8_t>{0x08, 0x96, 0x01});
    exchange::ProtoWriter s;
    s.bytes(2, "testing"); // "12 07 74 65 73 74 69 6e 67"
    CHECK(s.data() == std::vector<std::uint8_t>{0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'});
    exchange::ProtoWriter n;
    n.varint(1, -1); // int64 -1: ten bytes, not zig-zag
    CHECK(n.data().size() == 11);
    CHECK(n.data().back() == 0x01);
    exchange::ProtoWriter f;
    f.float32(2, 1.0f); // wire type 5: key 0x15, then 0x3f800000 little-endian
    CHECK(f.data() == std::vector<std::uint8_t>{0x15, 0x00, 0x00, 0x80, 0x3f});
    exchange::ProtoWriter outer;
    outer.message(3, w); // the nested message as a length-delimited field: "1a 03 08 96 01"
    CHECK(outer.data() == std::vector<std::uint8_t>{0x1a, 0x03, 0x08, 0x96, 0x01});
    exchange::ProtoWriter packed;
    packed.packed_varints(4, std::vector<std::int64_t>{3, 270, 86942}); // "22 06 03 8e 02 9e a7 05"
    CHECK(packed.data() == std::vector<std::uint8_t>{0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05});
}

TEST_CASE("glassbox export writes the files to_onnx and to_pmml make, or says why not", "[exchange][cli]") {
    const auto dir = std::filesystem::temp_directory_path() / ("glassbox-export-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string bin = test::glassbox_binary(), root = test::source_dir();
    model::Diagnostic d;
    const model::Model m = model::load_file(root + "/model.bin", d);
    REQUIRE_FALSE(d);

    auto r = test::run_command(bin + " export '" + root + "/model.bin' --format onnx -o '" +
                               (dir / "m.onnx").string() + "' 2>&1");
    CHECK(r.exit_status == 0);
    CHECK(model::test::read_bytes((dir / "m.onnx").string()) == exchange::to_onnx(m));
    r = test::run_command(bin + " export '" + root + "/model.bin' --format pmml -o '" +
                          (dir / "m.pmml").string() + "' 2>&1");
    CHECK(r.exit_status == 0);
    CHECK(model::test::read_text((dir / "m.pmml").string()) == exchange::to_pmml(m));

    r = test::run_command(bin + " export '" + root + "/model.bin' --format xml -o x 2>&1");
    CHECK(r.exit_status == 2);
    CHECK(r.output == "glassbox export: 'xml' is not a format export writes (onnx or pmml). Run 'glassbox "
                      "export --help' for the options.\n");
    r = test::run_command(bin + " export '" + (dir / "absent.bin").string() + "' --format onnx -o x 2>&1");
    CHECK(r.exit_status == 1);
    r = test::run_command(bin + " export '" + root + "/model.bin' --format onnx -o '" +
                          (dir / "no" / "such" / "dir.onnx").string() + "' 2>&1");
    CHECK(r.exit_status == 1);
    CHECK(r.output.find("could not write") != std::string::npos);
    r = test::run_command(bin + " export --help");
    CHECK(r.exit_status == 0);
    CHECK(r.output.find("--format onnx|pmml") != std::string::npos);
    std::filesystem::remove_all(dir);
}
