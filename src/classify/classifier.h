// HsClassifier: goods description → ranked 6-digit HS codes. Two retrievals over the training
// texts (labelled descriptions, the HS nomenclature with its ancestors' texts, the US tariff
// schedule's lines with theirs) are fused: the nearest training texts vote for their codes (sum
// of cos³ over the 15 nearest), and each code's own document (all its texts together) is scored
// by cosine, which reaches codes that no labelled example has.
//
// Thread-safety: Build returns an immutable classifier; Suggest may run on any number of threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "classify/reranker.h"
#include "classify/retrieval.h"
#include "common/status.h"

namespace oc::classify {

class LevelModel;
class VagueDetector;

// One training text and its code.
struct TrainingText {
  std::string hs6;
  std::string text;
  bool labelled = false;  // a real description (else nomenclature or tariff text)
};

// The HS nomenclature: code (2, 4 or 6 digits) → description and parent.
struct Nomenclature {
  struct Entry {
    std::string description, parent;
  };
  std::map<std::string, Entry> codes;
  // Reads the HS 2022 CSV (section,hscode,description,parent,level). NotFound / Invalid.
  static Result<Nomenclature> Load(const std::string& path);
  // Descriptions from the chapter down to `code`; empty when unknown.
  std::vector<std::pair<std::string, std::string>> Path(const std::string& code) const;
};

struct Suggestion {
  std::string hs6;
  double score = 0;       // fused retrieval score (1 is the top of both retrievals), not a probability
  double confidence = 0;  // calibrated P(this code is right) from the reranker; = score without one
  std::vector<std::pair<std::string, std::string>> path;  // (code, description): chapter, heading, subheading
};

struct ClassifierOptions {
  size_t neighbours = 15;      // nearest training texts that vote
  size_t candidates = 50;      // per retrieval, before fusion
  double document_weight = 0.5;  // the code documents' share in the fusion
  double max_df_share = 0.1;     // NeighbourIndex::Nearest: features this common are not summed
  // Chapter and heading models (optional): a candidate's score is multiplied by
  // p(chapter)^chapter_power · p(heading)^heading_power, so the ranking stays consistent down the tree.
  std::shared_ptr<const LevelModel> chapters, headings;
  double chapter_power = 0.1, heading_power = 0.2;
  // Answers "too vague to classify" (optional).
  std::shared_ptr<const VagueDetector> vague;
  // Ranks the candidates by calibrated confidence (optional; without it, by fused score).
  std::shared_ptr<const Reranker> reranker;
};

// A declared code against its description (the misclassification signal).
struct CodeCheck {
  bool classifiable = false;          // false: the description is too vague; nothing below is set
  std::vector<Suggestion> suggestions;  // the best codes, best first
  double declared_confidence = 0;     // P(the declared 6-digit code is right)
  double heading_confidence = 0;      // P(its heading is right): the heading's share of the candidates
  double chapter_confidence = 0;      // P(its chapter is right): the chapter's share of the candidates
  double misclassification = 0;       // 1 − heading_confidence
  bool contradicts = false;           // a confident suggestion elsewhere (see kContradiction, kChapterContradiction)
};

class HsClassifier {
 public:
  // Indexes the texts (codes not in the nomenclature are dropped). Invalid when nothing is left.
  static Result<std::shared_ptr<const HsClassifier>> Build(std::vector<TrainingText> texts, Nomenclature nomenclature,
                                                           ClassifierOptions options = {});

  // The k best codes for a description, best first; empty when no feature of the text is known.
  std::vector<Suggestion> Suggest(std::string_view description, size_t k) const;

  // Whether the description is too vague to classify: the vague-description model says so, or no
  // feature of the text is known at all.
  bool TooVague(std::string_view description) const;

  // A declared 6-digit code contradicts its description when the best suggestion is in another
  // heading with at least this confidence and the declared heading has at most kHeadingDoubt.
  // 0.6 keeps false alarms near 2 % of right codes on the validation split (0.5: 3.4 %, since the
  // reranker's coverage features made it surer more often; it flags 24 % of wrong codes).
  static constexpr double kContradiction = 0.6, kHeadingDoubt = 0.05;
  // It also contradicts it when the declared chapter has at most kChapterDoubt and the best
  // suggestion (in another chapter, then) at least kChapterContradiction: a code from another
  // chapter than every plausible suggestion (boots declared as cars or as T-shirts).
  static constexpr double kChapterContradiction = 0.3, kChapterDoubt = 0.01;
  // The rule above, on a check's figures: the best suggestion (6 digits) and its confidence, the
  // declared code, the declared heading's and chapter's shares. Pure.
  static bool Contradicts(const std::string& best_hs6, double best_confidence, const std::string& declared,
                          double heading_confidence, double chapter_confidence);
  // The declared code (6 digits or more; the first 6 count) checked against the description.
  // `k`: suggestions returned. Thread-safe.
  CodeCheck Check(std::string_view description, std::string_view declared, size_t k = 3) const;

  // Every candidate code for a description with its features, by fused score (the reranker's
  // training rows).
  std::vector<std::pair<std::string, CandidateFeatures>> Candidates(std::string_view description) const;

  size_t texts() const { return texts_.size(); }
  size_t codes() const { return code_names_.size(); }
  const Nomenclature& nomenclature() const { return nomenclature_; }

 private:
  HsClassifier() = default;
  struct Query;
  Query Retrieve(std::string_view description, const std::string* declared) const;
  CandidateFeatures FeaturesOf(const Query& q, size_t candidate) const;
  void IndexWordsAndLabels();  // Build's last step: code_labels_ … code_own_words_
  std::vector<Suggestion> Ranked(const Query& q, size_t k, std::vector<double>* confidences) const;
  ClassifierOptions options_;
  Nomenclature nomenclature_;
  std::vector<TrainingText> texts_;
  std::vector<uint32_t> text_code_;       // texts_[i] → code number
  std::vector<std::string> code_names_;   // code number → hs6
  std::vector<uint32_t> code_heading_;    // code number → its first four digits as a number
  std::vector<std::vector<std::pair<std::string, std::string>>> code_paths_;  // code number → Nomenclature::Path
  std::unordered_map<std::string, uint32_t> code_ids_;
  std::vector<bool> code_labelled_;       // a real description has the code
  // log(1 + real descriptions with the code), by code number, and with the heading and the
  // chapter, by prefix number (10,000 and 100).
  std::vector<float> code_labels_, heading_labels_, chapter_labels_;
  // Which codes have a word stem: a bit per code in a row per stem. A test is one load, where
  // searching each candidate's own word list (a cache miss per candidate) cost a tenth of the
  // throughput. ~18 MB for `code_words_` in the full model, ~3 MB for `own_words_`.
  struct WordCodeBits {
    std::vector<int32_t> rows;  // feature id → row, −1 when no code has the stem
    std::vector<uint64_t> bits;
    size_t row_words = 0;       // uint64 per row
    void Build(const std::vector<std::vector<uint32_t>>& words_by_code, size_t features);
    bool Has(uint32_t code, uint32_t word) const {
      if (word >= rows.size() || rows[word] < 0) return false;
      return (bits[static_cast<size_t>(rows[word]) * row_words + code / 64] >> (code % 64)) & 1;
    }
  };
  // The stems of each code's own texts (each text's part before its ancestors'), and of its
  // subheading's description alone.
  WordCodeBits code_words_, own_words_;
  std::vector<SparseVector> code_vectors_;  // each code's document
  FeatureSpace space_;
  NeighbourIndex text_index_, code_index_;
};

}  // namespace oc::classify
