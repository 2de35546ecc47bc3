// Goods-description text as the classifier sees it: Unicode-normalised and case-folded tokens
// (any script: English data today, Russian and Uzbek in Latin or Cyrillic from traders), their
// stems, and character n-grams. Queries and training text go through the same functions.
//
// Thread-safety: all functions are pure and may be called from any thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace oc::classify {

// NFKC with case folding (ICU); invalid UTF-8 is replaced.
std::string Fold(std::string_view text);

// NFKC with case folding (ICU), apostrophes removed, every run of characters that are neither
// letters nor digits turned into one space; tokens that contain a digit are dropped (quantities,
// sizes and model numbers say little about the code). Invalid UTF-8 is replaced, never fatal.
std::vector<std::string> Tokens(std::string_view text);

// Snowball stems: English for Latin-script tokens, Russian for Cyrillic ones (Xapian).
std::vector<std::string> Stems(const std::vector<std::string>& tokens);

// Character n-grams of min_n..max_n code points of each token padded with one space each side
// (" boot " → " bo", "boo", ...), in order, repeats kept.
std::vector<std::string> CharGrams(const std::vector<std::string>& tokens, int min_n, int max_n);
// The same n-grams in the same order, each a view valid only during its call (no copies: the
// classifier hashes ~100 grams per query).
void VisitCharGrams(const std::vector<std::string>& tokens, int min_n, int max_n,
                    const std::function<void(std::string_view)>& visit);

}  // namespace oc::classify
