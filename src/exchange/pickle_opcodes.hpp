// exchange/pickle_opcodes.hpp: the pickle opcodes, one table: byte, name, argument, protocol.
// Course topic: a pickle is a program for a small stack machine; these are its instructions.
// Spec: CPython's Lib/pickletools.py (the opcode documentation) and PEP 307 (protocol 2),
// PEP 3154 (protocol 4), PEP 574 (protocol 5). Read next: pickle_walker.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace glassbox::exchange::pickle {

/// How an opcode's argument is written after its byte (pickletools' ArgumentDescriptor).
enum class Argument {
    none,
    u1,         ///< 1-byte unsigned integer
    u2,         ///< 2-byte little-endian unsigned integer
    i4,         ///< 4-byte little-endian signed integer
    u4,         ///< 4-byte little-endian unsigned integer
    u8,         ///< 8-byte little-endian unsigned integer
    line,       ///< text up to a newline (protocol 0's decimal numbers, quoted strings)
    two_lines,  ///< module and name, each ended by a newline (GLOBAL, INST)
    counted_u1, ///< a 1-byte length, then that many bytes
    counted_i4, ///< a 4-byte signed length, then that many bytes (BINSTRING)
    counted_u4, ///< a 4-byte length, then that many bytes
    counted_u8, ///< an 8-byte length, then that many bytes
};

/// The opcodes by what the walker does with them.
enum class Op {
    mark,
    stop,
    pop,
    pop_mark,
    dup,
    real,
    integer,
    long_text,
    bin_integer,
    long_counted,
    none,
    boolean_true,
    boolean_false,
    persistent_id,
    bin_persistent_id,
    reduce,
    string_quoted,
    text,
    bytes,
    append,
    appends,
    build,
    global,
    inst,
    obj,
    dict,
    empty_dict,
    list,
    empty_list,
    tuple,
    empty_tuple,
    tuple1,
    tuple2,
    tuple3,
    empty_set,
    frozenset,
    add_items,
    set_item,
    set_items,
    get,
    put,
    memoize,
    new_obj,
    new_obj_ex,
    stack_global,
    extension,
    frame,
    proto,
    next_buffer,
    readonly_buffer,
};

/// One row of the instruction set.
struct Opcode {
    std::uint8_t code;     ///< the byte in the file
    std::string_view name; ///< pickletools' name
    Argument argument;
    Op op;
    int protocol; ///< the first protocol that has it
};

// CPython Lib/pickletools.py, in the order it documents them.
inline constexpr std::array<Opcode, 68> opcodes = {{
    {'I', "INT", Argument::line, Op::integer, 0},
    {'J', "BININT", Argument::i4, Op::bin_integer, 1},
    {'K', "BININT1", Argument::u1, Op::bin_integer, 1},
    {'M', "BININT2", Argument::u2, Op::bin_integer, 1},
    {'L', "LONG", Argument::line, Op::long_text, 0},
    {0x8a, "LONG1", Argument::counted_u1, Op::long_counted, 2},
    {0x8b, "LONG4", Argument::counted_i4, Op::long_counted, 2},
    {'S', "STRING", Argument::line, Op::string_quoted, 0},
    {'T', "BINSTRING", Argument::counted_i4, Op::text, 1},
    {'U', "SHORT_BINSTRING", Argument::counted_u1, Op::text, 1},
    {'B', "BINBYTES", Argument::counted_u4, Op::bytes, 3},
    {'C', "SHORT_BINBYTES", Argument::counted_u1, Op::bytes, 3},
    {0x8e, "BINBYTES8", Argument::counted_u8, Op::bytes, 4},
    {0x96, "BYTEARRAY8", Argument::counted_u8, Op::bytes, 5},
    {0x97, "NEXT_BUFFER", Argument::none, Op::next_buffer, 5},
    {0x98, "READONLY_BUFFER", Argument::none, Op::readonly_buffer, 5},
    {'N', "NONE", Argument::none, Op::none, 0},
    {0x88, "NEWTRUE", Argument::none, Op::boolean_true, 2},
    {0x89, "NEWFALSE", Argument::none, Op::boolean_false, 2},
    {'V', "UNICODE", Argument::line, Op::text, 0},
    {0x8c, "SHORT_BINUNICODE", Argument::counted_u1, Op::text, 4},
    {'X', "BINUNICODE", Argument::counted_u4, Op::text, 1},
    {0x8d, "BINUNICODE8", Argument::counted_u8, Op::text, 4},
    {'F', "FLOAT", Argument::line, Op::real, 0},
    {'G', "BINFLOAT", Argument::u8, Op::real, 1},
    {']', "EMPTY_LIST", Argument::none, Op::empty_list, 1},
    {'a', "APPEND", Argument::none, Op::append, 0},
    {'e', "APPENDS", Argument::none, Op::appends, 1},
    {'l', "LIST", Argument::none, Op::list, 0},
    {')', "EMPTY_TUPLE", Argument::none, Op::empty_tuple, 1},
    {'t', "TUPLE", Argument::none, Op::tuple, 0},
    {0x85, "TUPLE1", Argument::none, Op::tuple1, 2},
    {0x86, "TUPLE2", Argument::none, Op::tuple2, 2},
    {0x87, "TUPLE3", Argument::none, Op::tuple3, 2},
    {'}', "EMPTY_DICT", Argument::none, Op::empty_dict, 1},
    {'d', "DICT", Argument::none, Op::dict, 0},
    {'s', "SETITEM", Argument::none, Op::set_item, 0},
    {'u', "SETITEMS", Argument::none, Op::set_items, 1},
    {0x8f, "EMPTY_SET", Argument::none, Op::empty_set, 4},
    {0x90, "ADDITEMS", Argument::none, Op::add_items, 4},
    {0x91, "FROZENSET", Argument::none, Op::frozenset, 4},
    {'0', "POP", Argument::none, Op::pop, 0},
    {'2', "DUP", Argument::none, Op::dup, 0},
    {'(', "MARK", Argument::none, Op::mark, 0},
    {'1', "POP_MARK", Argument::none, Op::pop_mark, 1},
    {'g', "GET", Argument::line, Op::get, 0},
    {'h', "BINGET", Argument::u1, Op::get, 1},
    {'j', "LONG_BINGET", Argument::u4, Op::get, 1},
    {'p', "PUT", Argument::line, Op::put, 0},
    {'q', "BINPUT", Argument::u1, Op::put, 1},
    {'r', "LONG_BINPUT", Argument::u4, Op::put, 1},
    {0x94, "MEMOIZE", Argument::none, Op::memoize, 4},
    {0x82, "EXT1", Argument::u1, Op::extension, 2},
    {0x83, "EXT2", Argument::u2, Op::extension, 2},
    {0x84, "EXT4", Argument::i4, Op::extension, 2},
    {'c', "GLOBAL", Argument::two_lines, Op::global, 0},
    {0x93, "STACK_GLOBAL", Argument::none, Op::stack_global, 4},
    {'R', "REDUCE", Argument::none, Op::reduce, 0},
    {'b', "BUILD", Argument::none, Op::build, 0},
    {'i', "INST", Argument::two_lines, Op::inst, 0},
    {'o', "OBJ", Argument::none, Op::obj, 1},
    {0x81, "NEWOBJ", Argument::none, Op::new_obj, 2},
    {0x92, "NEWOBJ_EX", Argument::none, Op::new_obj_ex, 4},
    {0x80, "PROTO", Argument::u1, Op::proto, 2},
    {'.', "STOP", Argument::none, Op::stop, 0},
    {0x95, "FRAME", Argument::u8, Op::frame, 4},
    {'P', "PERSID", Argument::line, Op::persistent_id, 0},
    {'Q', "BINPERSID", Argument::none, Op::bin_persistent_id, 1},
}};

/// The row for `byte`, or nullptr when no protocol defines it.
constexpr const Opcode* find_opcode(std::uint8_t byte) {
    for (const Opcode& o : opcodes)
        if (o.code == byte) return &o;
    return nullptr;
}

/// The highest protocol this table knows (Python 3.8+ writes up to 5).
inline constexpr int highest_protocol = 5;

} // namespace glassbox::exchange::pickle
