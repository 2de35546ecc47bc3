#include "xray/tdr.h"

#include <dcmtk/config/osconfig.h>  // first, as DCMTK requires
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cmath>
#include <vector>

namespace oc::xray {

namespace {

Status Put(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
  OFCondition c = item.putAndInsertString(tag, value.c_str());
  return c.good() ? Status::Ok() : Status::Internal(std::string("cannot write a TDR element: ") + c.text());
}

DcmItem* NewItem(DcmItem& parent, const DcmTagKey& sequence) {
  DcmItem* item = nullptr;
  return parent.findOrCreateSequenceItem(sequence, item, -2).good() ? item : nullptr;
}

}  // namespace

std::string NewDicomUid() {
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

Result<std::string> WriteThreatReport(const ScanMeta& scanned, const std::vector<Alarm>& alarms, const TdrContext& ctx) {
  for (const auto& a : alarms)
    if (!(a.score >= 0 && a.score <= 1) || !(a.width > 0 && a.height > 0) || !(a.x >= 0 && a.y >= 0) ||
        !std::isfinite(a.x + a.y + a.width + a.height))
      return Status::Invalid("bad_alarm", "an alarm needs a score in 0..1 and a box inside the image");
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  std::vector<Status> written = {
      Put(ds, DCM_SOPClassUID, UID_DICOS_ThreatDetectionReportStorage),
      Put(ds, DCM_SOPInstanceUID, ctx.instance_uid),
      Put(ds, DCM_Modality, "TDR"),
      Put(ds, DCM_InstanceCreationDate, ctx.date),
      Put(ds, DCM_InstanceCreationTime, ctx.time),
      Put(ds, DCM_ContentDate, ctx.date),
      Put(ds, DCM_ContentTime, ctx.time),
      Put(ds, DCM_Manufacturer, ctx.manufacturer),
      Put(ds, DCM_SoftwareVersions, ctx.algorithm),
      Put(ds, DCM_PatientID, scanned.ooi_id),
      Put(ds, DCM_TDRType, "MACHINE"),
      Put(ds, DCM_AlarmDecision, alarms.empty() ? "CLEAR" : "ALARM"),
      Put(ds, DCM_AlarmDecisionTime, ctx.time),
      Put(ds, DCM_DICOSVersion, "V03"),
  };
  for (const auto& st : written)
    if (!st.ok()) return st;
  ds.putAndInsertUint16(DCM_NumberOfTotalObjects, static_cast<Uint16>(alarms.size()));
  ds.putAndInsertUint16(DCM_NumberOfAlarmObjects, static_cast<Uint16>(alarms.size()));
  if (DcmItem* ref = NewItem(ds, DCM_ReferencedStudySequence)) {
    Put(*ref, DCM_ReferencedSOPClassUID, scanned.sop_class_uid);
    Put(*ref, DCM_ReferencedSOPInstanceUID, scanned.sop_instance_uid);
  }
  for (size_t i = 0; i < alarms.size(); ++i) {
    const Alarm& a = alarms[i];
    DcmItem* pto = NewItem(ds, DCM_ThreatSequence);
    if (!pto) return Status::Internal("cannot write a TDR threat");
    pto->putAndInsertUint16(DCM_PotentialThreatObjectID, static_cast<Uint16>(i));
    DcmItem* rep = NewItem(*pto, DCM_PTORepresentationSequence);
    DcmItem* voxels = rep ? NewItem(*rep, DCM_ThreatROIVoxelSequence) : nullptr;
    DcmItem* assessment = NewItem(*pto, DCM_ATDAssessmentSequence);
    if (!voxels || !assessment) return Status::Internal("cannot write a TDR threat");
    const float base[3] = {static_cast<float>(a.x), static_cast<float>(a.y), 0};
    const float extents[3] = {static_cast<float>(a.width), static_cast<float>(a.height), 1};
    voxels->putAndInsertFloat32Array(DCM_ThreatROIBase, base, 3);
    voxels->putAndInsertFloat32Array(DCM_ThreatROIExtents, extents, 3);
    Put(*assessment, DCM_ThreatCategory, "PROHIBITED_ITEM");
    Put(*assessment, DCM_ThreatCategoryDescription, a.cls);
    Put(*assessment, DCM_ATDAbilityAssessment, "NO_INTERFERENCE");
    assessment->putAndInsertFloat32(DCM_ATDAssessmentProbability, static_cast<Float32>(a.score));
  }
  const E_TransferSyntax xfer = EXS_LittleEndianExplicit;
  if (OFCondition c = file.validateMetaInfo(xfer); c.bad())
    return Status::Internal(std::string("cannot write the TDR's meta header: ") + c.text());
  std::vector<char> buffer(file.calcElementLength(xfer, EET_ExplicitLength) + 4096);
  DcmOutputBufferStream out(buffer.data(), static_cast<offile_off_t>(buffer.size()));
  file.transferInit();
  OFCondition c = file.write(out, xfer, EET_ExplicitLength, nullptr, EGL_recalcGL, EPD_noChange, 0, 0, 0,
                             EWM_fileformat);
  file.transferEnd();
  if (c.bad()) return Status::Internal(std::string("cannot write the TDR: ") + c.text());
  void* data = nullptr;
  offile_off_t length = 0;
  out.flushBuffer(data, length);
  return std::string(static_cast<const char*>(data), static_cast<size_t>(length));
}

}  // namespace oc::xray
