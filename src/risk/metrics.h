// Ranking metrics of a fraud score as the peers define them (../shared/data/fraud/README.md):
// sort by score, highest first, take the top n% (k = floor(N * n / 100) rows).
#pragma once

#include <vector>

namespace oc::risk {

// ROC AUC with ties counted half (Mann-Whitney). NaN without both classes.
double Auc(const std::vector<float>& scores, const std::vector<int>& labels);

struct AtPercent {
  double precision = 0, recall = 0;
  int k = 0;
};
// Precision and recall among the top `percent` % of rows by score.
AtPercent TopPercent(const std::vector<float>& scores, const std::vector<int>& labels, double percent);

}  // namespace oc::risk
