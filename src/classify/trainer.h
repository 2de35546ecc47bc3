// Training and loading the classifier as a whole: the training texts from their sources, the
// chapter and heading models, saved together in one directory (texts.tsv, chapters.bin,
// headings.bin). `opencustoms classify train` and bench/classify both use this.
#pragma once

#include <memory>
#include <string>

#include "classify/classifier.h"
#include "common/status.h"

namespace oc::classify {

struct TrainingSources {
  std::string labelled;      // labelled descriptions (CSV); "" for none
  std::string nomenclature;  // HS 2022 nomenclature (CSV), required
  std::string tariff;        // US tariff schedule (CSV); "" for none
  std::string vague;         // vague descriptions (description,label); "" for none
  int holdout_from = -1;     // leave out labelled rows whose split_bucket is at least this (and
                             // vague ones whose VagueBucket is)
};

// The split bucket (0–9) of a vague description: from a hash of its folded text, as the labelled
// rows' split_bucket is.
int VagueBucket(std::string_view description);

struct TrainingReport {
  size_t texts = 0, labelled = 0, nomenclature = 0, tariff = 0, codes = 0, vague = 0;
  size_t reranker_rows = 0;  // candidate rows the reranker was fitted on (0: no reranker)
  double seconds = 0;
};

// Reads the sources, trains the chapter and heading models (in parallel, one core each), the
// reranker (on the labelled rows of the bucket below holdout_from, or bucket 7, kept out of the
// models until then) and the vague-description model, and writes everything to `dir`
// (texts.tsv, chapters.bin, headings.bin, reranker.json, vague.json). NotFound / Invalid for unreadable sources, Internal when writing fails.
Result<TrainingReport> TrainClassifier(const TrainingSources& sources, const std::string& dir);

// Loads what TrainClassifier wrote and builds the classifier (the retrieval index is rebuilt:
// a few seconds). NotFound when `dir` holds no classifier.
// Written to DIR/format by TrainClassifier; LoadClassifier refuses a directory trained with
// other features ("stale_model"). Bump it when the features or the retrieval change; `classify train
// --if-stale` (what `make run` calls) retrains when DIR/format differs.
inline constexpr const char* kModelFormat = "opencustoms-hs-model-3";

// True when `dir` holds a classifier whose format file names kModelFormat. Never fails: an
// unreadable or missing directory is simply not current.
bool ModelIsCurrent(const std::string& dir);

Result<std::shared_ptr<const HsClassifier>> LoadClassifier(const std::string& dir, const std::string& nomenclature,
                                                           ClassifierOptions options = {});

}  // namespace oc::classify
