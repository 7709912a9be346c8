// tests/fuzz/inspect_formats_fuzz.cpp: libFuzzer target for what 'glassbox inspect' reads
// besides model.bin and ONNX: the pickle walker and the PMML tag scanner.
// Course topic: a pickle or a PMML file is input like any other: both readers trust nothing.
// Any bytes: each returns a summary or a sentence, never crashes, hangs or reads past the
// end; a walk that ends without a fault has read no more bytes than there are.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "exchange/file_kind.hpp"
#include "exchange/pickle_walker.hpp"
#include "exchange/pmml_summary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    (void)glassbox::exchange::recognise(bytes, "fuzz.pkl");
    (void)glassbox::exchange::first_bytes(bytes);
    const auto pickle = glassbox::exchange::walk_pickle(bytes);
    if (pickle.end > size) std::abort();
    if (pickle.error.empty() && pickle.stopped.empty() && (pickle.end == 0 || data[pickle.end - 1] != '.'))
        std::abort(); // a complete walk ends just after a STOP opcode
    const auto pmml = glassbox::exchange::scan_pmml(bytes);
    if (pmml.error.empty() && pmml.max_depth > glassbox::exchange::max_scan_depth) std::abort();
    return 0;
}
