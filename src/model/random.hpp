// model/random.hpp: reproducible random numbers for training.
// Course topic: reproducible training: same seed, same model, same bytes, on any machine.
// std::mt19937_64 is specified bit for bit by the C++ standard, but the standard
// distributions (std::uniform_int_distribution...) are not: each library may draw
// differently. So the one distribution we need is written here.
#pragma once

#include <cstdint>
#include <random>

namespace glassbox::model {

/// A uniform integer in [0, n) for n >= 1, by rejection (no modulo bias).
inline std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t n) {
    // Reject the top partial block of 2^64 so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r = rng();
    while (r >= limit) r = rng();
    return r % n;
}

/// SplitMix64: spreads a seed so that seeds 1, 2, 3 give unrelated generators.
inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

} // namespace glassbox::model
