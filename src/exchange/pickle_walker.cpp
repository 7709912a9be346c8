// exchange/pickle_walker.cpp: the pickle stack machine, run on inert values.
// Each opcode moves values as Python's Unpickler would (Lib/pickle.py), but a "call"
// (REDUCE, NEWOBJ, BUILD) only records an object: nothing is imported or run.
// joblib.dump writes a numpy array's raw bytes right after its NumpyArrayWrapper's BUILD
// (joblib/numpy_pickle.py, read_array); the walker sizes them from the wrapper's shape and
// dtype and skips them, or walks the pickle joblib writes there for arrays of objects.
// Try: glassbox inspect /tmp/iris.joblib
#include "exchange/pickle_walker.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "exchange/pickle_opcodes.hpp"

namespace glassbox::exchange {
namespace {

using pickle::Argument;
using pickle::Op;
using pickle::Opcode;

static_assert(std::all_of(pickle::opcodes.begin(), pickle::opcodes.end(),
                          [](const Opcode& o) { return !o.name.empty(); }),
              "every row of the opcode table is filled in");

/// The most bytes of a string a value keeps (module and class names, dict keys, dtypes).
constexpr std::size_t kept_text = 256;

/// joblib's nested pickles (object arrays) inside one another, at most.
constexpr std::size_t max_nesting = 4;

constexpr std::size_t none = static_cast<std::size_t>(-1);

enum class Kind { none, boolean, integer, real, text, bytes, tuple, list, dict, set, global, object, other };

/// An inert value: what the real unpickler would have built, reduced to what we report.
struct Value {
    Kind kind = Kind::other;
    bool known = false; ///< integer: `integer` holds it (it fits in 64 bits)
    std::int64_t integer = 0;
    std::string text;               ///< text and bytes: the first kept_text bytes
    std::vector<std::size_t> items; ///< tuple, list, set: the items; dict: key, value, key, value...
    std::size_t import = none;      ///< global: index in PickleSummary::imports; object: its class's
    std::size_t state = none;       ///< object: the value BUILD gave it
    std::size_t args = none;        ///< object: the arguments it was called with
};

/// One unpickler's registers: joblib's object arrays start a fresh one (pickle.load inside load).
struct Frame {
    std::vector<std::size_t> stack;
    std::vector<std::size_t> marks;
    std::unordered_map<std::uint64_t, std::size_t> memo;
};

std::string hex(std::size_t offset) {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, offset, 16).ptr;
    return "0x" + std::string(buffer, end);
}

class Walker {
public:
    explicit Walker(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    PickleSummary run() {
        frames_.emplace_back();
        while (summary_.error.empty() && summary_.stopped.empty() && !done_) step();
        summary_.end = at_;
        return std::move(summary_);
    }

private:
    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;    ///< the next byte to read
    std::size_t op_at_ = 0; ///< where the current opcode starts
    const Opcode* op_ = nullptr;
    bool done_ = false;
    std::vector<Value> values_;
    std::vector<Frame> frames_;
    PickleSummary summary_;

    Frame& frame() { return frames_.back(); }
    std::size_t left() const { return bytes_.size() - at_; }

    bool fail(const std::string& why) {
        if (summary_.error.empty()) summary_.error = "at byte " + hex(op_at_) + ": " + why;
        return false;
    }

    std::string op_name() const { return std::string(op_->name); }

    bool cut_short(std::uint64_t needed) {
        return fail(op_name() + " needs " + std::to_string(needed) + " more bytes but the file ends after " +
                    std::to_string(left()) + "; it was cut short.");
    }

    std::size_t make(Value v) {
        if (values_.size() >= max_values) {
            fail("the pickle holds more than " + std::to_string(max_values) +
                 " values, more than this walker keeps; it stops here.");
            return none;
        }
        values_.push_back(std::move(v));
        return values_.size() - 1;
    }

    void push(std::size_t v) {
        if (v != none) frame().stack.push_back(v);
    }

    void push(Kind kind) {
        Value v;
        v.kind = kind;
        push(make(std::move(v)));
    }

    /// Pops `n` values into `out` (oldest first), or fails naming what the stack held.
    bool pop(std::size_t n, std::vector<std::size_t>& out) {
        auto& stack = frame().stack;
        const std::size_t floor = frame().marks.empty() ? 0 : frame().marks.back();
        if (stack.size() < floor + n)
            return fail(op_name() + " takes " + std::to_string(n) + " value" + (n == 1 ? "" : "s") +
                        " from the stack, but it holds " + std::to_string(stack.size() - floor) +
                        " above the last MARK; this is not a pickle Python could load.");
        out.assign(stack.end() - static_cast<std::ptrdiff_t>(n), stack.end());
        stack.resize(stack.size() - n);
        return true;
    }

    /// Pops everything above the last MARK, and the mark (pickle.py's pop_mark).
    bool pop_mark(std::vector<std::size_t>& out) {
        if (frame().marks.empty()) return fail(op_name() + " needs a MARK on the stack, and there is none.");
        auto& stack = frame().stack;
        const std::size_t mark = frame().marks.back();
        frame().marks.pop_back();
        out.assign(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
        stack.resize(mark);
        return true;
    }

    /// The value on top of the stack (for APPEND, SETITEM, BUILD, PUT), or none after failing.
    std::size_t top() {
        const std::size_t floor = frame().marks.empty() ? 0 : frame().marks.back();
        if (frame().stack.size() <= floor) {
            fail(op_name() +
                 " works on the value on top of the stack, and there is none above the last MARK.");
            return none;
        }
        return frame().stack.back();
    }

    std::uint64_t little_endian(std::size_t n) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{bytes_[at_ + i]} << (8 * i);
        at_ += n;
        return v;
    }

    /// Reads a line ending in '\n' (protocol 0's arguments); false if the file ends first.
    bool line(std::string_view& out) {
        const auto begin = bytes_.begin() + static_cast<std::ptrdiff_t>(at_);
        const auto newline = std::find(begin, bytes_.end(), std::uint8_t{'\n'});
        if (newline == bytes_.end())
            return fail(op_name() +
                        " takes a line of text, but the file ends before its newline; it was cut short.");
        out = std::string_view(reinterpret_cast<const char*>(&*begin),
                               static_cast<std::size_t>(newline - begin));
        at_ += out.size() + 1;
        return true;
    }

    /// Reads a counted argument's length (already checked for size) and takes that many bytes.
    bool counted(std::size_t width, bool is_signed, std::string_view& out) {
        if (left() < width) return cut_short(width);
        const std::uint64_t raw = little_endian(width);
        if (is_signed && (raw & 0x80000000u)) return fail(op_name() + " declares a negative length.");
        if (raw > left()) return cut_short(raw);
        out = std::string_view(reinterpret_cast<const char*>(bytes_.data() + at_),
                               static_cast<std::size_t>(raw));
        at_ += static_cast<std::size_t>(raw);
        return true;
    }

    std::size_t text_value(Kind kind, std::string_view s) {
        Value v;
        v.kind = kind;
        v.text = std::string(s.substr(0, kept_text));
        return make(std::move(v));
    }

    std::size_t integer_value(std::int64_t i, bool known = true) {
        Value v;
        v.kind = Kind::integer;
        v.known = known;
        v.integer = i;
        return make(std::move(v));
    }

    /// The import of `module`.`name`: an entry in the summary, and a global value.
    std::size_t global(std::string_view module, std::string_view name) {
        auto& imports = summary_.imports;
        auto it = std::find_if(imports.begin(), imports.end(),
                               [&](const PickleImport& i) { return i.module == module && i.name == name; });
        if (it == imports.end()) {
            imports.push_back({std::string(module.substr(0, kept_text)),
                               std::string(name.substr(0, kept_text)), op_at_, 0});
            it = imports.end() - 1;
        }
        Value v;
        v.kind = Kind::global;
        v.import = static_cast<std::size_t>(it - imports.begin());
        return make(std::move(v));
    }

    /// An object made by calling `callable` (a global, or any value) with `args`.
    std::size_t call(std::size_t callable, std::size_t args) {
        Value v;
        v.kind = Kind::object;
        v.args = args;
        if (values_[callable].kind == Kind::global) {
            v.import = values_[callable].import;
            ++summary_.imports[v.import].calls;
        }
        return make(std::move(v));
    }

    std::size_t container(Kind kind, std::vector<std::size_t> items) {
        Value v;
        v.kind = kind;
        v.items = std::move(items);
        if (kind == Kind::dict) {
            if (v.items.size() % 2 != 0) {
                fail(op_name() + " needs keys and values in pairs, and it has an odd count.");
                return none;
            }
            for (std::size_t i = 0; i < v.items.size(); i += 2) note_pair(v.items[i], v.items[i + 1]);
        }
        return make(std::move(v));
    }

    /// scikit-learn's BaseEstimator.__getstate__ adds "_sklearn_version" to each state dict.
    void note_pair(std::size_t key, std::size_t value) {
        const Value& k = values_[key];
        const Value& v = values_[value];
        if (k.kind != Kind::text || k.text != "_sklearn_version" || v.kind != Kind::text) return;
        ++summary_.sklearn_versioned;
        auto& versions = summary_.sklearn_versions;
        if (std::find(versions.begin(), versions.end(), v.text) == versions.end()) versions.push_back(v.text);
    }

    /// Adds `items` to the container on top of the stack (APPENDS, SETITEMS, ADDITEMS).
    bool extend(std::vector<std::size_t> items, Kind expected) {
        const std::size_t target = top();
        if (target == none) return false;
        if (expected == Kind::dict) {
            if (items.size() % 2 != 0)
                return fail(op_name() + " needs keys and values in pairs, and it has an odd count.");
            for (std::size_t i = 0; i < items.size(); i += 2) note_pair(items[i], items[i + 1]);
        }
        // Objects with their own append/__setitem__ are called by Python; here they stay inert.
        Value& t = values_[target];
        if (t.kind == expected) t.items.insert(t.items.end(), items.begin(), items.end());
        return true;
    }

    /// The value under `key` in a dict value, or none.
    std::size_t lookup(std::size_t dict, std::string_view key) const {
        if (dict == none || values_[dict].kind != Kind::dict) return none;
        const auto& items = values_[dict].items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2)
            if (values_[items[i]].kind == Kind::text && values_[items[i]].text == key) return items[i + 1];
        return none;
    }

    bool is_wrapper(std::size_t object) const {
        const Value& v = values_[object];
        if (v.kind != Kind::object || v.import == none) return false;
        const PickleImport& i = summary_.imports[v.import];
        return i.module == "joblib.numpy_pickle" && i.name == "NumpyArrayWrapper";
    }

    /// After a NumpyArrayWrapper's BUILD: skip the array's raw bytes, or enter its pickle.
    bool after_wrapper(std::size_t wrapper) {
        const std::size_t state = values_[wrapper].state;
        const std::size_t dtype = lookup(state, "dtype");
        const std::size_t shape = lookup(state, "shape");
        // numpy's dtype pickles as numpy.dtype("f8", False, True) then BUILD with the state
        // tuple (version, byteorder, subarray, names, fields, elsize, alignment, flags).
        std::string type;
        std::int64_t elsize = -1;
        if (dtype != none && values_[dtype].kind == Kind::object) {
            const std::size_t args = values_[dtype].args;
            if (args != none && !values_[args].items.empty() &&
                values_[values_[args].items[0]].kind == Kind::text)
                type = values_[values_[args].items[0]].text;
            const std::size_t s = values_[dtype].state;
            if (s != none && values_[s].kind == Kind::tuple && values_[s].items.size() > 5 &&
                values_[values_[s].items[5]].known)
                elsize = values_[values_[s].items[5]].integer;
        }
        // joblib's read_array: dtype.hasobject → pickle.load() of the array itself.
        if (type.starts_with("O")) {
            if (frames_.size() > max_nesting)
                return fail("joblib object arrays nest more than " + std::to_string(max_nesting) + " deep.");
            ++summary_.joblib_nested;
            frames_.emplace_back();
            return true;
        }
        std::uint64_t itemsize = elsize > 0 ? static_cast<std::uint64_t>(elsize) : 0;
        if (itemsize == 0) {
            const auto digits = type.find_first_of("0123456789");
            if (digits != std::string::npos)
                std::from_chars(type.data() + digits, type.data() + type.size(), itemsize);
        }
        std::uint64_t count = 1;
        bool sized = itemsize > 0 && shape != none && values_[shape].kind == Kind::tuple;
        if (sized) {
            for (const std::size_t d : values_[shape].items) {
                const Value& dim = values_[d];
                if (dim.kind != Kind::integer || !dim.known || dim.integer < 0 ||
                    (dim.integer > 0 && count > bytes_.size() / static_cast<std::uint64_t>(dim.integer))) {
                    sized = false;
                    break;
                }
                count *= static_cast<std::uint64_t>(dim.integer);
            }
        }
        if (!sized) {
            summary_.stopped =
                "at byte " + hex(at_) +
                ": the raw bytes of a numpy array follow here (joblib), "
                "and its NumpyArrayWrapper names no shape and dtype this walker can size, so the "
                "walk stops; the imports above are those found before it.";
            return false;
        }
        std::uint64_t skipped = 0;
        // joblib >= 1.2 aligns arrays: one byte with the padding's length, then the padding.
        if (lookup(state, "numpy_array_alignment_bytes") != none) {
            if (left() < 1) return cut_short(1);
            const std::uint64_t padding = little_endian(1);
            if (padding > left()) return cut_short(padding);
            at_ += static_cast<std::size_t>(padding);
            skipped += 1 + padding;
        }
        if (itemsize > left() || count > left() / itemsize)
            return fail("a numpy array of " + std::to_string(count) + " items of " +
                        std::to_string(itemsize) +
                        " bytes follows its NumpyArrayWrapper, but the file ends after " +
                        std::to_string(left()) + " more bytes; it was cut short.");
        at_ += static_cast<std::size_t>(count * itemsize);
        skipped += count * itemsize;
        ++summary_.joblib_arrays;
        summary_.joblib_array_bytes += skipped;
        frame().stack.pop_back(); // joblib's load_build replaces the wrapper with the array
        push(Kind::other);
        return true;
    }

    /// STOP: the end of the file's pickle, or of a joblib object array's pickle inside it.
    void stop() {
        if (frames_.size() == 1) {
            done_ = true;
            return;
        }
        frames_.pop_back();
        frame().stack.pop_back(); // the wrapper becomes the array that pickle returned
        push(Kind::other);
    }

    bool argument(std::string_view& text, std::uint64_t& number) {
        switch (op_->argument) {
        case Argument::none: return true;
        case Argument::u1:
        case Argument::u2:
        case Argument::i4:
        case Argument::u4:
        case Argument::u8: {
            const std::size_t width = op_->argument == Argument::u1   ? 1
                                      : op_->argument == Argument::u2 ? 2
                                      : op_->argument == Argument::u8 ? 8
                                                                      : 4;
            if (left() < width) return cut_short(width);
            number = little_endian(width);
            return true;
        }
        case Argument::line: return line(text);
        case Argument::two_lines: {
            std::string_view module, name;
            if (!line(module) || !line(name)) return false;
            text = std::string_view(module.data(),
                                    static_cast<std::size_t>(name.data() + name.size() - module.data()));
            return true;
        }
        case Argument::counted_u1: return counted(1, false, text);
        case Argument::counted_i4: return counted(4, true, text);
        case Argument::counted_u4: return counted(4, false, text);
        case Argument::counted_u8: return counted(8, false, text);
        }
        return fail("unknown argument kind");
    }

    /// A decimal integer written as text (INT, LONG, GET, PUT); nullopt-like: false if not one.
    static bool decimal(std::string_view s, std::int64_t& out) {
        if (!s.empty() && s.back() == 'L') s.remove_suffix(1);
        if (!s.empty() && s.front() == '+') s.remove_prefix(1);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && end == s.data() + s.size() && !s.empty();
    }

    bool memo_index(std::string_view text, std::uint64_t number, std::uint64_t& index) {
        if (op_->argument != Argument::line) {
            index = number;
            return true;
        }
        std::int64_t i = 0;
        if (!decimal(text, i) || i < 0)
            return fail(op_name() + " takes a memo index in decimal, not '" +
                        std::string(text.substr(0, 40)) + "'.");
        index = static_cast<std::uint64_t>(i);
        return true;
    }

    void step() {
        op_at_ = at_;
        if (left() == 0) {
            op_ = nullptr;
            summary_.error =
                "at byte " + hex(at_) + ": the file ends before the STOP opcode; it was cut short.";
            return;
        }
        op_ = pickle::find_opcode(bytes_[at_]);
        if (op_ == nullptr) {
            char b[8];
            std::snprintf(b, sizeof b, "0x%02x", bytes_[at_]);
            fail(std::string("the byte ") + b + " is not a pickle opcode in any protocol up to " +
                 std::to_string(pickle::highest_protocol) + ".");
            return;
        }
        ++at_;
        ++summary_.opcodes;
        std::string_view text;
        std::uint64_t number = 0;
        if (!argument(text, number)) return;
        execute(text, number);
    }

    void execute(std::string_view text, std::uint64_t number) {
        std::vector<std::size_t> v;
        auto& f = frame();
        switch (op_->op) {
        case Op::mark: f.marks.push_back(f.stack.size()); return;
        case Op::stop: stop(); return;
        case Op::pop:
            // pickle.py's load_pop: an empty stack above the mark pops the mark.
            if (!f.stack.empty() && (f.marks.empty() || f.stack.size() > f.marks.back()))
                f.stack.pop_back();
            else
                (void)pop_mark(v);
            return;
        case Op::pop_mark: (void)pop_mark(v); return;
        case Op::dup: push(top()); return;
        case Op::real: push(Kind::real); return;
        case Op::integer:
        case Op::long_text: {
            std::int64_t i = 0;
            if (op_->op == Op::integer && (text == "00" || text == "01"))
                push(Kind::boolean);
            else
                push(integer_value(i, decimal(text, i)));
            return;
        }
        case Op::bin_integer:
            push(integer_value(op_->argument == Argument::i4 ? static_cast<std::int32_t>(number)
                                                             : static_cast<std::int64_t>(number)));
            return;
        case Op::long_counted: {
            // Two's complement, little-endian (pickle.decode_long); kept only when it fits.
            const bool fits = text.size() <= 8;
            std::uint64_t raw = 0;
            for (std::size_t i = 0; fits && i < text.size(); ++i)
                raw |= std::uint64_t{static_cast<std::uint8_t>(text[i])} << (8 * i);
            if (fits && !text.empty() && text.size() < 8 && (static_cast<std::uint8_t>(text.back()) & 0x80))
                raw |= ~std::uint64_t{0} << (8 * text.size());
            push(integer_value(static_cast<std::int64_t>(raw), fits));
            return;
        }
        case Op::none: push(Kind::none); return;
        case Op::boolean_true:
        case Op::boolean_false: push(Kind::boolean); return;
        case Op::persistent_id:
            summary_.persistent_ids = true;
            push(Kind::other);
            return;
        case Op::bin_persistent_id:
            summary_.persistent_ids = true;
            if (pop(1, v)) push(Kind::other);
            return;
        case Op::reduce:
        case Op::new_obj:
            if (pop(2, v)) push(call(v[0], v[1]));
            return;
        case Op::new_obj_ex:
            if (pop(3, v)) push(call(v[0], v[1]));
            return;
        case Op::string_quoted: {
            // STRING's argument is a Python literal in quotes: 'abc' or "abc".
            if (text.size() < 2 || (text.front() != '\'' && text.front() != '"') ||
                text.back() != text.front())
                return (void)fail("STRING takes a quoted string, and this one is not quoted.");
            push(text_value(Kind::text, text.substr(1, text.size() - 2)));
            return;
        }
        case Op::text: push(text_value(Kind::text, text)); return;
        case Op::bytes: push(text_value(Kind::bytes, text)); return;
        case Op::append:
            if (pop(1, v)) (void)extend(v, Kind::list);
            return;
        case Op::appends:
            if (pop_mark(v)) (void)extend(v, Kind::list);
            return;
        case Op::set_item:
            if (pop(2, v)) (void)extend(v, Kind::dict);
            return;
        case Op::set_items:
            if (pop_mark(v)) (void)extend(v, Kind::dict);
            return;
        case Op::add_items:
            if (pop_mark(v)) (void)extend(v, Kind::set);
            return;
        case Op::build: {
            if (!pop(1, v)) return;
            const std::size_t object = top();
            if (object == none) return;
            if (values_[object].kind == Kind::object) values_[object].state = v[0];
            if (is_wrapper(object)) (void)after_wrapper(object);
            return;
        }
        case Op::global:
        case Op::inst: {
            const auto newline = text.find('\n');
            const std::size_t g = global(text.substr(0, newline), text.substr(newline + 1));
            if (g == none) return;
            if (op_->op == Op::global) return push(g);
            if (pop_mark(v)) push(call(g, container(Kind::tuple, v)));
            return;
        }
        case Op::obj:
            if (!pop_mark(v)) return;
            if (v.empty()) return (void)fail("OBJ needs a class after its MARK, and there is none.");
            push(call(v[0], container(Kind::tuple, {v.begin() + 1, v.end()})));
            return;
        case Op::stack_global: {
            if (!pop(2, v)) return;
            if (values_[v[0]].kind != Kind::text || values_[v[1]].kind != Kind::text)
                return (void)fail("STACK_GLOBAL takes a module name and a class name, both strings, and "
                                  "the stack holds something else.");
            push(global(values_[v[0]].text, values_[v[1]].text));
            return;
        }
        case Op::dict:
            if (pop_mark(v)) push(container(Kind::dict, std::move(v)));
            return;
        case Op::empty_dict: push(Kind::dict); return;
        case Op::list:
            if (pop_mark(v)) push(container(Kind::list, std::move(v)));
            return;
        case Op::empty_list: push(Kind::list); return;
        case Op::tuple:
            if (pop_mark(v)) push(container(Kind::tuple, std::move(v)));
            return;
        case Op::empty_tuple: push(Kind::tuple); return;
        case Op::tuple1:
        case Op::tuple2:
        case Op::tuple3: {
            const std::size_t n = op_->op == Op::tuple1 ? 1 : op_->op == Op::tuple2 ? 2 : 3;
            if (pop(n, v)) push(container(Kind::tuple, std::move(v)));
            return;
        }
        case Op::empty_set: push(Kind::set); return;
        case Op::frozenset:
            if (pop_mark(v)) push(container(Kind::set, std::move(v)));
            return;
        case Op::get: {
            std::uint64_t index = 0;
            if (!memo_index(text, number, index)) return;
            const auto it = f.memo.find(index);
            if (it == f.memo.end())
                return (void)fail(op_name() + " reads memo entry " + std::to_string(index) +
                                  ", which no PUT or MEMOIZE has stored.");
            push(it->second);
            return;
        }
        case Op::put:
        case Op::memoize: {
            std::uint64_t index = f.memo.size();
            if (op_->op == Op::put && !memo_index(text, number, index)) return;
            const std::size_t value = top();
            if (value != none) f.memo[index] = value;
            return;
        }
        case Op::extension: {
            // copyreg's extension registry: the code stands for a (module, name) pair.
            const std::size_t g = global("copyreg extension", "code " + std::to_string(number));
            push(g);
            return;
        }
        case Op::frame:
            // PEP 3154: a frame only announces how many bytes its opcodes take.
            if (number > left()) cut_short(number);
            return;
        case Op::proto:
            if (number > static_cast<std::uint64_t>(pickle::highest_protocol))
                return (void)fail("PROTO says protocol " + std::to_string(number) +
                                  ", newer than the highest this walker knows (" +
                                  std::to_string(pickle::highest_protocol) + ").");
            if (frames_.size() == 1 && summary_.opcodes == 1) summary_.protocol = static_cast<int>(number);
            return;
        case Op::next_buffer:
            summary_.out_of_band = true;
            push(Kind::other);
            return;
        case Op::readonly_buffer: (void)top(); return;
        }
    }
};

} // namespace

PickleSummary walk_pickle(std::span<const std::uint8_t> bytes) { return Walker(bytes).run(); }

} // namespace glassbox::exchange
