// The classifier's training texts and test rows, read from the files the project uses: the
// labelled descriptions (id,source,description,code,codes,...,split_bucket,note), the HS
// nomenclature, and the US tariff schedule (HTS Number,Indent,Description,...).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "classify/classifier.h"
#include "common/status.h"

namespace oc::classify {

struct LabelledRow {
  std::string source, description;
  std::vector<std::string> codes;  // as given (8 or 10 digits); any of them is right
  int split_bucket = -1;
};

// Reads a labelled file; Invalid naming the line when a row is malformed.
Result<std::vector<LabelledRow>> ReadLabelled(const std::string& path);

// One text per (row, distinct 6-digit prefix of its codes).
std::vector<TrainingText> TextsFromLabelled(const std::vector<LabelledRow>& rows);

// Each 6-digit code: its description, its heading's and its chapter's.
std::vector<TrainingText> TextsFromNomenclature(const Nomenclature& n);

// Each 8- or 10-digit line of the US schedule whose 6-digit prefix is in the nomenclature: its
// description and its ancestors' (by indent), nearest first.
Result<std::vector<TrainingText>> TextsFromUsTariff(const std::string& path, const Nomenclature& n);

}  // namespace oc::classify

namespace oc::classify {

// A trained classifier is its training texts: saved as "opencustoms-hs-texts-1" then one
// "hs6<TAB>labelled<TAB>text" line each, and indexed again when loaded (a second or two).
Status SaveTexts(const std::vector<TrainingText>& texts, const std::string& path);
Result<std::vector<TrainingText>> LoadTexts(const std::string& path);

}  // namespace oc::classify
