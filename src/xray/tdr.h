// The platform's own findings on a scan, written as a DICOS Threat Detection Report (TDR) that any
// DICOS reader (DCMTK, the scanners' workstations) can read back: one potential threat object per
// alarm with its box (ThreatROIBase / Extents, in the scan's pixels), its class and its score.
#pragma once

#include <string>
#include <vector>

#include "xray/scan.h"

namespace oc::xray {

struct Alarm {
  std::string cls;      // e.g. "handgun"
  double score = 0;     // 0..1
  double x = 0, y = 0, width = 0, height = 0;  // in the scan's pixels
};

struct TdrContext {
  std::string instance_uid;   // the report's SOP instance UID (NewDicomUid)
  std::string date, time;     // DICOM DA "YYYYMMDD" and TM "HHMMSS"
  std::string manufacturer = "OpenCustoms";
  std::string algorithm;      // e.g. "patch-svm v1": the software version
};

// The report's DICOS bytes: ALARM with one threat per alarm (category "PROHIBITED_ITEM", the
// class as its description, the score as the assessment probability), CLEAR without alarms;
// it references `scanned` (its SOP class and instance). Invalid("bad_alarm") for a box or score
// out of range.
Result<std::string> WriteThreatReport(const ScanMeta& scanned, const std::vector<Alarm>& alarms, const TdrContext& ctx);

// A new DICOM UID from DCMTK's generator (host, process, clock and a counter): not pure.
std::string NewDicomUid();

}  // namespace oc::xray
