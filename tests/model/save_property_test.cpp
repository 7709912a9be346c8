// tests/model/save_property_test.cpp: every file save() writes, load() accepts (the writer asks the reader).
// Course topic: a file format is a contract between two programs. Many generated models, of
// every kind, random sizes, names in any script, statistics at the edges of a double: each one
// saves, loads, and saves back to the same bytes. And a model load() would refuse is refused
// by save() itself, with the loader's sentence, before any file exists.
#include <catch2/catch.hpp>

#include <cfloat>
#include <filesystem>
#include <random>
#include <unistd.h>

#include "model_test_support.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

using Rng = std::mt19937_64;

std::size_t below(Rng& rng, std::size_t n) { return static_cast<std::size_t>(rng() % n); }

/// A finite double: ordinary, huge, tiny, subnormal or zero.
double finite(Rng& rng) {
    switch (below(rng, 6)) {
    case 0: return std::uniform_real_distribution<double>(-10, 10)(rng);
    case 1: return (below(rng, 2) ? 1 : -1) * DBL_MAX / static_cast<double>(1 + below(rng, 4));
    case 2: return std::numeric_limits<double>::denorm_min() * static_cast<double>(below(rng, 1000));
    case 3: return -0.0;
    case 4:
        return std::ldexp(std::uniform_real_distribution<double>(-1, 1)(rng),
                          static_cast<int>(below(rng, 2000)) - 1000);
    default: return 0.0;
    }
}

/// Well-formed UTF-8 of up to `max_bytes` bytes: ASCII, accents, CJK, emoji, never a surrogate.
std::string text(Rng& rng, std::size_t max_bytes) {
    const std::size_t target = below(rng, 8) == 0 ? max_bytes : below(rng, 24);
    std::string out;
    while (true) {
        std::uint32_t cp = 0;
        switch (below(rng, 4)) {
        case 0: cp = 0x20 + static_cast<std::uint32_t>(below(rng, 0x5f)); break;
        case 1: cp = 0x80 + static_cast<std::uint32_t>(below(rng, 0x780)); break;
        case 2: cp = 0xE000 + static_cast<std::uint32_t>(below(rng, 0x2000)); break;
        default: cp = 0x10000 + static_cast<std::uint32_t>(below(rng, 0x100000)); break;
        }
        std::string c;
        if (cp < 0x80) {
            c = static_cast<char>(cp);
        } else if (cp < 0x800) {
            c = {static_cast<char>(0xC0 | cp >> 6), static_cast<char>(0x80 | (cp & 0x3F))};
        } else if (cp < 0x10000) {
            c = {static_cast<char>(0xE0 | cp >> 12), static_cast<char>(0x80 | (cp >> 6 & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
        } else {
            c = {static_cast<char>(0xF0 | cp >> 18), static_cast<char>(0x80 | (cp >> 12 & 0x3F)),
                 static_cast<char>(0x80 | (cp >> 6 & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
        }
        if (out.size() + c.size() > target) return out;
        out += c;
    }
}

/// A random tree over `n_features`, stored parents-first: each node's children come after it
/// and have no other parent.
void add_random_tree(Rng& rng, Forest& f, std::size_t n_features) {
    std::vector<std::int32_t> feature{format::leaf};
    std::vector<double> threshold{0};
    std::vector<std::uint32_t> left{0}, right{0};
    const std::size_t budget = 1 + 2 * below(rng, 20);
    for (std::size_t i = 0; i < feature.size() && feature.size() + 2 <= budget; ++i) {
        if (below(rng, 3) == 0) continue; // stays a leaf
        feature[i] = static_cast<std::int32_t>(below(rng, n_features));
        threshold[i] = finite(rng);
        left[i] = static_cast<std::uint32_t>(feature.size());
        right[i] = static_cast<std::uint32_t>(feature.size() + 1);
        for (int c = 0; c < 2; ++c) {
            feature.push_back(format::leaf);
            threshold.push_back(0);
            left.push_back(0);
            right.push_back(0);
        }
    }
    std::vector<double> value(feature.size() * f.value_width, 0.0);
    for (std::size_t i = 0; i < feature.size(); ++i)
        if (feature[i] == format::leaf)
            for (std::size_t c = 0; c < f.value_width; ++c)
                value[i * f.value_width + c] =
                    f.value_width == 1 ? finite(rng) : 1.0 / static_cast<double>(1 + c);
    f.add_tree(feature, threshold, left, right, value);
}

/// A random model of a random kind.
Model random_model(Rng& rng) {
    const std::size_t n = 1 + below(rng, 12);
    const auto kind = static_cast<Kind>(below(rng, 4));
    const bool classifier = kind == Kind::logistic_regression || kind == Kind::forest_classifier;
    Metadata m;
    m.name = text(rng, format::max_string_bytes);
    for (std::size_t j = 0; j < n; ++j) {
        m.feature_names.push_back(text(rng, format::max_string_bytes));
        FeatureStats s{rng(), finite(rng), std::abs(finite(rng)), finite(rng), finite(rng), {}};
        s.histogram.resize(below(rng, 8) == 0 ? format::max_histogram_bins : below(rng, 12));
        for (auto& c : s.histogram) c = rng();
        m.feature_stats.push_back(std::move(s));
    }
    if (classifier)
        for (std::size_t c = 0, k = 2 + below(rng, 5); c < k; ++c) m.class_labels.push_back(text(rng, 64));
    const std::size_t k = m.class_labels.size();
    if (kind == Kind::linear_regression || kind == Kind::logistic_regression) {
        Link link = Link::identity;
        std::size_t outputs = 1;
        if (classifier) {
            link = k == 2 && below(rng, 2) ? Link::sigmoid
                   : below(rng, 2)         ? Link::softmax
                                           : Link::one_vs_rest;
            outputs = link == Link::sigmoid ? 1 : k;
        }
        Linear l{outputs, link, std::vector<double>(outputs * n), std::vector<double>(outputs)};
        for (double& w : l.coef) w = finite(rng);
        for (double& b : l.intercept) b = finite(rng);
        return Model(kind, std::move(m), std::move(l));
    }
    Forest f;
    f.value_width = classifier ? k : 1;
    for (std::size_t t = 0, trees = 1 + below(rng, 5); t < trees; ++t) add_random_tree(rng, f, n);
    return Model(kind, std::move(m), std::move(f));
}

} // namespace

TEST_CASE("property: every generated model saves, loads, and saves back to the same bytes",
          "[model][file][property]") {
    Rng rng(2026);
    for (int round = 0; round < 300; ++round) {
        const Model m = random_model(rng);
        Diagnostic d;
        const std::vector<std::uint8_t> bytes = save(m, d);
        INFO("round " << round << " (" << kind_name(m.kind()) << "): " << d.message);
        REQUIRE_FALSE(d);
        CHECK(bytes == save(m));
        const Model back = load(bytes, d);
        REQUIRE_FALSE(d);
        CHECK(save(back) == bytes);
    }
}

TEST_CASE("property: a model load would refuse is refused by save, and no file is written",
          "[model][file][property]") {
    Rng rng(13);
    const std::string path =
        (std::filesystem::temp_directory_path() / ("glassbox-refused-" + std::to_string(getpid()) + ".bin"))
            .string();
    for (int round = 0; round < 100; ++round) {
        Model good = random_model(rng);
        Metadata m = good.metadata();
        const int fault = static_cast<int>(below(rng, 5));
        switch (fault) {
        case 0: m.name = std::string(format::max_string_bytes + 1, 'n'); break;
        case 1: m.feature_names[0] = "caf\xe9"; break;
        case 2: m.feature_stats[0].stddev = INFINITY; break;
        case 3: m.feature_stats[0].mean = std::nan(""); break;
        default: m.feature_stats[0].histogram.resize(format::max_histogram_bins + 1); break;
        }
        const Model bad =
            good.linear() ? Model(good.kind(), m, *good.linear()) : Model(good.kind(), m, *good.forest());
        Diagnostic d;
        INFO("round " << round << " fault " << fault);
        CHECK(save(bad, d).empty());
        CHECK(d);
        CHECK(d.message.find("cannot be saved") != std::string::npos);
        std::filesystem::remove(path);
        save_file(bad, path, d);
        CHECK(d);
        CHECK_FALSE(std::filesystem::exists(path));
    }
}
