// HsClassifier: goods description → ranked 6-digit HS codes. Two retrievals over the training
// texts (labelled descriptions, the HS nomenclature with its ancestors' texts, the US tariff
// schedule's lines with theirs) are fused: the nearest training texts vote for their codes (sum
// of cos³ over the 10 nearest), and each code's own document (all its texts together) is scored
// by cosine, which reaches codes that no labelled example has.
//
// Thread-safety: Build returns an immutable classifier; Suggest may run on any number of threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

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
  double score = 0;  // fused retrieval score (1 is the top of both retrievals), not a probability
  std::vector<std::pair<std::string, std::string>> path;  // (code, description): chapter, heading, subheading
};

struct ClassifierOptions {
  size_t neighbours = 10;      // nearest training texts that vote
  size_t candidates = 50;      // per retrieval, before fusion
  double document_weight = 0.5;  // the code documents' share in the fusion
  double max_df_share = 0.1;     // NeighbourIndex::Nearest: features this common are not summed
  // Chapter and heading models (optional): a candidate's score is multiplied by
  // p(chapter)^chapter_power · p(heading)^heading_power, so the ranking stays consistent down the tree.
  std::shared_ptr<const LevelModel> chapters, headings;
  double chapter_power = 0.1, heading_power = 0.2;
  // Answers "too vague to classify" (optional).
  std::shared_ptr<const VagueDetector> vague;
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

  size_t texts() const { return texts_.size(); }
  size_t codes() const { return code_names_.size(); }
  const Nomenclature& nomenclature() const { return nomenclature_; }

 private:
  HsClassifier() = default;
  ClassifierOptions options_;
  Nomenclature nomenclature_;
  std::vector<TrainingText> texts_;
  std::vector<uint32_t> text_code_;       // texts_[i] → code number
  std::vector<std::string> code_names_;   // code number → hs6
  FeatureSpace space_;
  NeighbourIndex text_index_, code_index_;
};

}  // namespace oc::classify
