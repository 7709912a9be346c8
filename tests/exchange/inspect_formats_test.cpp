// tests/exchange/inspect_formats_test.cpp: 'glassbox inspect' on the course's other files.
// Course topic: one command explains all four files: pickles and joblib files written by
// scikit-learn here (tests/exchange/pickle_files.py, /usr/bin/python3), PMML written by
// 'glassbox export', and damaged, compressed and unknown files, each refused in one sentence.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "exchange/pickle_walker.hpp"
#include "exchange/pmml_summary.hpp"
#include "model/model_test_support.hpp"
#include "support/cli_run.hpp"
#include "support/text.hpp"

using namespace glassbox;
using namespace glassbox::model::test;
using glassbox::test::has;
using glassbox::test::Run;
using glassbox::test::run_glassbox;

namespace {

/// The line of `text` that contains `part` ("" if none).
std::string line_with(const std::string& text, const std::string& part) {
    const auto at = text.find(part);
    if (at == std::string::npos) return "";
    const auto begin = text.rfind('\n', at) + 1; // npos + 1 == 0 on the first line
    return text.substr(begin, text.find('\n', at) - begin);
}

/// A fresh directory under /tmp, removed by the destructor.
struct TempDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("glassbox-inspect-files-" + std::to_string(getpid()));
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

/// Writes the pickles of pickle_files.py into `dir`; FAILs with Python's output otherwise.
void make_pickles(const TempDir& dir) {
    const std::string log = dir / "python.log";
    const std::string command = "/usr/bin/python3 '" + source_path("tests/exchange/pickle_files.py") + "' '" +
                                dir.path.string() + "' > '" + log + "' 2>&1";
    if (std::system(command.c_str()) != 0)
        FAIL("pickle_files.py failed; it needs /usr/bin/python3 with python3-sklearn and python3-joblib "
             "(sh scripts/install-deps.sh). Its output:\n"
             << read_text(log));
}

void write(const std::string& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

TEST_CASE("inspect lists a pickle's protocol, imports and sklearn version", "[exchange][inspect][pickle]") {
    TempDir dir;
    make_pickles(dir);
    std::string version = read_text(dir / "versions.txt");
    version.pop_back();
    for (const std::string protocol : {"0", "2", "5"}) {
        INFO("protocol " << protocol);
        const Run run = run_glassbox("inspect '" + (dir / ("forest_p" + protocol + ".pkl")) + "'");
        CHECK(run.status == 0);
        CHECK(run.err.empty());
        CHECK(has(run.out, "a Python pickle, protocol " + protocol));
        // The forest, its template estimator_ and 3 trees: 1 + 4 objects, each with its version.
        const std::string forest = line_with(run.out, "sklearn.ensemble._forest.RandomForestClassifier");
        const std::string tree = line_with(run.out, "sklearn.tree._classes.DecisionTreeClassifier");
        CHECK(has(forest, protocol == "0" ? "imported, passed as a value" : "called once"));
        CHECK(has(tree, protocol == "0" ? "imported, passed as a value" : "called 4 times"));
        CHECK(has(run.out, "sklearn.tree._tree.Tree"));
        CHECK(has(run.out, "numpy.dtype"));
        CHECK(has(run.out, "scikit-learn " + version + " (\"_sklearn_version\" in 5 objects' state)"));
        CHECK(has(run.out, "numpy 1.x (it imports numpy.core.*"));
        CHECK(has(run.out, "Loading it runs code"));
        CHECK(has(run.out, "tools/sklearn_to_glassbox.py"));
    }
    // Protocol 0 calls each class through copyreg (Python 2's name, kept for old readers).
    const std::string p0 = run_glassbox("inspect '" + (dir / "forest_p0.pkl") + "'").out;
    CHECK(has(p0, "protocol 0 or 1"));
    CHECK(has(line_with(p0, "copy_reg._reconstructor"), "called 5 times"));
}

TEST_CASE("inspect walks past the numpy arrays joblib.dump embeds", "[exchange][inspect][pickle]") {
    TempDir dir;
    make_pickles(dir);
    for (const std::string name : {"forest.joblib", "labelled.joblib"}) {
        INFO(name);
        const Run run = run_glassbox("inspect '" + (dir / name) + "'");
        CHECK(run.status == 0);
        CHECK(run.err.empty());
        CHECK(has(run.out, "a Python pickle, protocol 4"));
        CHECK(has(run.out, "written by joblib.dump: "));
        CHECK(has(run.out, "joblib.numpy_pickle.NumpyArrayWrapper"));
        CHECK(has(run.out, "sklearn.tree._tree.Tree"));
        CHECK(has(run.out, "joblib.load"));
        // The walk reached the final STOP: the last byte of the file.
        const auto size = std::filesystem::file_size(dir / name);
        char stop[32];
        std::snprintf(stop, sizeof stop, "STOP at byte 0x%zx\n", static_cast<std::size_t>(size - 1));
        CHECK(has(run.out, stop));
    }
    // String labels are numpy arrays of Python objects: joblib writes them as a pickle inside.
    CHECK(has(run_glassbox("inspect '" + (dir / "forest.joblib") + "'").out,
              "written by joblib.dump: 13 numpy arrays stored as raw bytes after their NumpyArrayWrapper"));
    CHECK(has(run_glassbox("inspect '" + (dir / "labelled.joblib") + "'").out,
              "8 numpy arrays stored as raw bytes after their NumpyArrayWrapper (939 bytes, skipped here), "
              "and arrays of Python objects as pickles inside it"));
    for (const std::string kind : {"zlib", "xz"}) {
        const Run run = run_glassbox("inspect '" + (dir / ("forest_" + kind + ".joblib")) + "'");
        CHECK(run.status == 1);
        CHECK(has(run.err, "is " + kind + "-compressed"));
        CHECK(has(run.err, "joblib.dump(joblib.load(FILE), 'model.joblib')"));
    }
}

TEST_CASE("every cut of a joblib file is refused with the byte at fault", "[exchange][inspect][pickle]") {
    TempDir dir;
    make_pickles(dir);
    for (const std::string name : {"forest.joblib", "labelled.joblib", "forest_p0.pkl"}) {
        const std::vector<std::uint8_t> bytes = read_bytes(dir / name);
        CHECK(exchange::walk_pickle(bytes).error.empty());
        std::size_t refused = 0;
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            const auto s = exchange::walk_pickle(std::span(bytes).first(cut));
            if (s.error.starts_with("at byte ") && has(s.error, "cut short"))
                ++refused;
            else
                FAIL_CHECK(name << " cut at " << cut << ": " << s.error);
        }
        CHECK(refused == bytes.size());
    }
    const Run run = run_glassbox("inspect '" + (dir / "forest.joblib") + "' > /dev/null; head -c 2000 '" +
                                 (dir / "forest.joblib") + "' > '" + (dir / "cut.joblib") + "'; '" +
                                 GLASSBOX_BINARY + "' inspect '" + (dir / "cut.joblib") + "'");
    CHECK(run.status == 1);
    CHECK(has(run.err, "cut.joblib is not a valid pickle: at byte 0x"));
}

TEST_CASE("inspect names a pickle's os.system call without running it", "[exchange][inspect][pickle]") {
    TempDir dir;
    const std::string marker = dir / "ran";
    write(dir / "evil.pkl", "cos\nsystem\n(Vtouch " + marker + "\ntR.");
    const Run run = run_glassbox("inspect '" + (dir / "evil.pkl") + "'");
    CHECK(run.status == 0);
    CHECK(has(run.out, "os.system  called once"));
    CHECK(has(run.out, "Load only pickles you"));
    CHECK(has(run.out, "It imports no scikit-learn class"));
    CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("inspect refuses garbage and unknown files in one sentence", "[exchange][inspect]") {
    TempDir dir;
    write(dir / "hello.bin", "hello");
    Run run = run_glassbox("inspect '" + (dir / "hello.bin") + "'");
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(has(run.err, "is not a glassbox model, nor ONNX, PMML or a pickle: its first bytes are "
                       "68 65 6c 6c 6f (\"hello\")"));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    write(dir / "empty.pkl", "");
    run = run_glassbox("inspect '" + (dir / "empty.pkl") + "'");
    CHECK(run.status == 1);
    CHECK(has(run.err, "the file ends before the STOP opcode"));
    write(dir / "bad.pkl", std::string("\x80\x04\xff", 3));
    run = run_glassbox("inspect '" + (dir / "bad.pkl") + "'");
    CHECK(run.status == 1);
    CHECK(has(run.err, "at byte 0x2: the byte 0xff is not a pickle opcode"));
    write(dir / "future.pkl", std::string("\x80\x09.", 3));
    CHECK(has(run_glassbox("inspect '" + (dir / "future.pkl") + "'").err, "PROTO says protocol 9, newer"));
    write(dir / "deep.pkl", std::string("\x80\x04") + std::string(100000, '(') + "0.");
    run = run_glassbox("inspect '" + (dir / "deep.pkl") + "'");
    CHECK(run.status == 0);
}

TEST_CASE("inspect summarises a PMML file glassbox exported", "[exchange][inspect][pmml]") {
    TempDir dir;
    const std::string pmml = dir / "iris.xml"; // not named .pmml: the bytes decide
    REQUIRE(run_glassbox("export model.bin --format pmml -o '" + pmml + "'").status == 0);
    const Run run = run_glassbox("inspect '" + pmml + "'");
    CHECK(run.status == 0);
    CHECK(run.err.empty());
    CHECK(has(run.out, "PMML 4.4 (XML, namespace http://www.dmg.org/PMML-4_4)"));
    CHECK(has(run.out, "model:     MiningModel, functionName=\"classification\""));
    CHECK(has(run.out, "segments:  100, combined by multipleModelMethod=\"average\""));
    CHECK(has(run.out, "trees:     100 TreeModel elements, 1766 Node elements"));
    CHECK(has(run.out, "petal_width    continuous   float    active"));
    CHECK(has(run.out, "prediction     categorical  string   target, 3 values"));

    // Cut anywhere, the document is refused with a byte offset, never summarised as whole.
    const std::vector<std::uint8_t> bytes = read_bytes(pmml);
    for (std::size_t cut = 1; cut < bytes.size(); cut += 997) {
        const auto s = exchange::scan_pmml(std::span(bytes).first(cut));
        INFO("cut at " << cut);
        CHECK(s.error.starts_with("at byte "));
    }
    write(dir / "cut.pmml", std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size() / 2));
    const Run cut = run_glassbox("inspect '" + (dir / "cut.pmml") + "'");
    CHECK(cut.status == 1);
    CHECK(has(cut.err, "is not a well-formed PMML document: at byte "));
}

TEST_CASE("inspect knows an ONNX file by its bytes, whatever its name", "[exchange][inspect]") {
    TempDir dir;
    const std::string onnx = dir / "iris.model";
    REQUIRE(run_glassbox("export model.bin --format onnx -o '" + onnx + "'").status == 0);
    const Run run = run_glassbox("inspect '" + onnx + "'");
    CHECK(run.status == 0);
    CHECK(has(run.out, "ONNX (protobuf): offset, field number, wire type, length, name in onnx.proto"));
    CHECK(has(run.out, "graph.node[0].op_type = \"TreeEnsembleClassifier\""));
}

TEST_CASE("the PMML scanner checks nesting, attributes and references", "[exchange][pmml]") {
    const auto scan = [](std::string_view text) {
        return exchange::scan_pmml(
            std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    };
    CHECK(scan("<PMML version=\"4.4\"><Header/></PMML>").error.empty());
    CHECK(
        scan("<PMML><Header></PMML>").error ==
        "at byte 14: the end tag </PMML> does not match <Header>, the element open here (XML 1.0 §3: element "
        "type match).");
    CHECK(has(scan("<model/>").error, "the root element is <model>, not <PMML>"));
    CHECK(has(scan("<PMML a=b/>").error, "is not quoted"));
    CHECK(has(scan("<PMML a=\"&foo;\"/>").error, "&foo; is an entity XML does not predefine"));
    const auto s = scan("<?xml version=\"1.0\"?><!-- <x> --><PMML version=\"4&#46;4\"><DataDictionary>"
                        "<DataField name=\"y &amp; z\" optype=\"categorical\" dataType=\"string\"><Value "
                        "value=\"a\"/><Value value='b'/></DataField></DataDictionary><TreeModel "
                        "functionName=\"classification\"><MiningSchema><MiningField name=\"y &amp; z\" "
                        "usageType=\"target\"/></MiningSchema><Node/></TreeModel></PMML>");
    CHECK(s.error.empty());
    CHECK(s.version == "4.4");
    REQUIRE(s.fields.size() == 1);
    CHECK(s.fields[0].name == "y & z");
    CHECK(s.fields[0].values == 2);
    CHECK(s.fields[0].usage == "target");
    CHECK(s.model_element == "TreeModel");
    CHECK(s.nodes == 1);
    std::string deep = "<PMML>";
    for (int i = 0; i < 5000; ++i) deep += "<Node>";
    CHECK(has(scan(deep).error, "elements nest deeper than 4096"));
}

TEST_CASE("the pickle walker refuses what Python's unpickler refuses", "[exchange][pickle]") {
    const auto walk = [](std::string_view text) {
        return exchange::walk_pickle(
            std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    };
    CHECK(walk("\x80\x04h\x05.").error ==
          "at byte 0x2: BINGET reads memo entry 5, which no PUT or MEMOIZE has stored.");
    CHECK(walk("\x80\x04K\x01\x93.").error == "at byte 0x4: STACK_GLOBAL takes 2 values from the stack, but "
                                              "it holds 1 above the last MARK; this is "
                                              "not a pickle Python could load.");
    CHECK(walk("\x80\x04K\x01K\x02\x93.")
              .error.ends_with("STACK_GLOBAL takes a module name and a class name, both strings, and the "
                               "stack holds something else."));
    CHECK(walk("\x80\x04\x8c\x05hello").error ==
          "at byte 0x9: the file ends before the STOP opcode; it was cut short.");
    CHECK(walk(std::string_view("\x80\x04X\xff\xff\xff\x7f.", 8)).error ==
          "at byte 0x2: BINUNICODE needs 2147483647 more bytes but the file ends after 1; it was cut short.");
    CHECK(walk("\x80\x04\x8c\x01"
               "a\x8c\x01"
               "b\x93\x94)R.")
              .imports.at(0)
              .calls == 1);
    // A joblib wrapper whose dtype cannot be sized: the walk stops there and says why.
    const auto s =
        walk("\x80\x04\x8c\x13joblib.numpy_pickle\x8c\x11NumpyArrayWrapper\x93)\x81}b\x01\x02\x03");
    CHECK(s.error.empty());
    CHECK(s.stopped.find("the raw bytes of a numpy array follow here (joblib)") != std::string::npos);
}
