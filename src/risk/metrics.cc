#include "risk/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace oc::risk {

double Auc(const std::vector<float>& scores, const std::vector<int>& labels) {
  std::vector<size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double pos = 0, neg = 0, rank_sum = 0;
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j < idx.size() && scores[idx[j]] == scores[idx[i]]) ++j;
    double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // ranks i+1..j
    for (size_t t = i; t < j; ++t)
      if (labels[idx[t]] == 1) rank_sum += avg_rank;
    i = j;
  }
  for (int l : labels) (l == 1 ? pos : neg) += 1;
  if (pos == 0 || neg == 0) return std::nan("");
  return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

AtPercent TopPercent(const std::vector<float>& scores, const std::vector<int>& labels, double percent) {
  AtPercent out;
  out.k = static_cast<int>(std::floor(static_cast<double>(scores.size()) * percent / 100));
  std::vector<size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), 0);
  // Stable on ties so that repeated runs pick the same rows.
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  double hits = 0, total = 0;
  for (int l : labels) total += l == 1;
  for (int i = 0; i < out.k; ++i) hits += labels[idx[i]] == 1;
  out.precision = out.k ? hits / out.k : 0;
  out.recall = total ? hits / total : 0;
  return out;
}

}  // namespace oc::risk
