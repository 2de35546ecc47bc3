// DICOS objects read with DCMTK (through a private temporary file): metadata, pixel frames (JPEG
// lossless, JPEG-LS and RLE decoded by DCMTK's codecs), and Threat Detection Reports. The
// declared size is checked against the limits before DCMTK decompresses anything.
#include <dcmtk/config/osconfig.h>  // first, as DCMTK requires
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vector>

#include "xray/xray_internal.h"

namespace oc::xray {

namespace {

// A private temporary file (mkstemp), removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "oc-dicos-XXXXXX").string();
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    fd_ = ::mkstemp(name.data());
    if (fd_ >= 0) path_ = name.data();
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  Status Write(std::string_view bytes) {
    if (fd_ < 0) return Status::Internal("cannot create a temporary file for DCMTK");
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Status::Internal("cannot write a temporary file for DCMTK");
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Values longer than this are skipped while reading (their length checked against the file) and
// loaded when asked for.
constexpr Uint32 kDeferAbove = 4096;

void RegisterCodecsOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);  // errors come back as Status, not on stderr
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

std::string Text(DcmItem& item, const DcmTagKey& tag) {
  OFString v;
  if (item.findAndGetOFString(tag, v).bad()) return "";
  std::string s(v.c_str());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// "20101005" + "120000.000000" -> "2010-10-05T12:00:00"; "" when the date is not 8 digits.
std::string IsoDateTime(const std::string& date, const std::string& time) {
  if (date.size() != 8) return "";
  std::string out = date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
  if (time.size() >= 6) out += "T" + time.substr(0, 2) + ":" + time.substr(2, 2) + ":" + time.substr(4, 2);
  return out;
}

struct ObjectKind {
  const char* uid;
  const char* name;
  bool has_pixels;
};
constexpr ObjectKind kObjects[] = {
    {UID_DICOS_CTImageStorage, "ct", true},
    {UID_DICOS_DigitalXRayImageStorageForPresentation, "dx", true},
    {UID_DICOS_DigitalXRayImageStorageForProcessing, "dx", true},
    {UID_DICOS_ThreatDetectionReportStorage, "tdr", false},
    {UID_DICOS_2DAITStorage, "ait2d", true},
    {UID_DICOS_3DAITStorage, "ait3d", true},
    {UID_DICOS_QuadrupoleResonanceStorage, "qr", false},
};

void ReadMeta(DcmDataset& ds, ScanMeta& m) {
  m.format = "dicos";
  m.sop_class_uid = Text(ds, DCM_SOPClassUID);
  m.sop_instance_uid = Text(ds, DCM_SOPInstanceUID);
  m.modality = Text(ds, DCM_Modality);
  m.manufacturer = Text(ds, DCM_Manufacturer);
  m.model = Text(ds, DCM_ManufacturerModelName);
  m.station = Text(ds, DCM_StationName);
  m.device_serial = Text(ds, DCM_DeviceSerialNumber);
  m.software = Text(ds, DCM_SoftwareVersions);
  m.operator_name = Text(ds, DCM_OperatorsName);
  m.ooi_id = Text(ds, DCM_PatientID);
  m.ooi_type = Text(ds, DCM_OOIType);
  m.dicos_version = Text(ds, DCM_DICOSVersion);
  m.acquired = IsoDateTime(Text(ds, DCM_ContentDate), Text(ds, DCM_ContentTime));
  if (m.acquired.empty()) m.acquired = IsoDateTime(Text(ds, DCM_StudyDate), Text(ds, DCM_StudyTime));
  Float64 kv = 0;
  for (unsigned long i = 0; ds.findAndGetFloat64(DCM_KVP, kv, i).good(); ++i) m.energies_kv.push_back(kv);
}

std::array<double, 3> Triple(DcmItem& item, const DcmTagKey& tag) {
  std::array<double, 3> out{};
  Float32 v = 0;
  for (unsigned long i = 0; i < 3; ++i)
    if (item.findAndGetFloat32(tag, v, i).good()) out[i] = v;
  return out;
}

ThreatReport ReadReport(DcmDataset& ds) {
  ThreatReport r;
  r.alarm_decision = Text(ds, DCM_AlarmDecision);
  r.tdr_type = Text(ds, DCM_TDRType);
  DcmItem* study = nullptr;
  if (ds.findAndGetSequenceItem(DCM_ReferencedStudySequence, study, 0).good() && study)
    r.referenced_instance = Text(*study, DCM_ReferencedSOPInstanceUID);
  DcmItem* pto = nullptr;
  for (int i = 0; ds.findAndGetSequenceItem(DCM_ThreatSequence, pto, i).good() && pto; ++i) {
    Threat t;
    Uint16 id = 0;
    if (pto->findAndGetUint16(DCM_PotentialThreatObjectID, id).good()) t.id = id;
    DcmItem* rep = nullptr;
    DcmItem* voxels = nullptr;
    if (pto->findAndGetSequenceItem(DCM_PTORepresentationSequence, rep, 0).good() && rep &&
        rep->findAndGetSequenceItem(DCM_ThreatROIVoxelSequence, voxels, 0).good() && voxels) {
      t.base = Triple(*voxels, DCM_ThreatROIBase);
      t.extents = Triple(*voxels, DCM_ThreatROIExtents);
    }
    DcmItem* assessment = nullptr;
    if (pto->findAndGetSequenceItem(DCM_ATDAssessmentSequence, assessment, 0).good() && assessment) {
      t.category = Text(*assessment, DCM_ThreatCategory);
      t.description = Text(*assessment, DCM_ThreatCategoryDescription);
      t.ability = Text(*assessment, DCM_ATDAbilityAssessment);
      Float32 p = 0;
      if (assessment->findAndGetFloat32(DCM_ATDAssessmentProbability, p).good()) t.probability = p;
    }
    r.threats.push_back(std::move(t));
  }
  return r;
}

// Another element of group 7FE0 than (7FE0,0010): pixels DCMTK does not decode (float/double
// pixel data, or vendors' own tags).
std::string OtherPixelElement(DcmDataset& ds) {
  for (unsigned long i = 0; i < ds.card(); ++i) {
    DcmElement* e = ds.getElement(i);
    if (e && e->getGTag() == 0x7fe0 && e->getETag() != 0x0010) {
      char tag[16];
      std::snprintf(tag, sizeof tag, "(7FE0,%04X)", e->getETag());
      return std::string(tag) + " " + DcmVR(e->getVR()).getVRName();
    }
  }
  return "";
}

Status ReadPixels(DcmDataset& ds, const Limits& limits, Scan& scan) {
  if (!ds.tagExists(DCM_PixelData)) {
    std::string other = OtherPixelElement(ds);
    if (!other.empty())
      return Status::Invalid("unsupported_pixel_data", "pixel data in " + other + ", which DCMTK does not decode");
    return Status::Invalid("missing_pixel_data", "the " + scan.meta.object + " object has no pixel data (7FE0,0010)");
  }
  Uint16 rows = 0, cols = 0, bits = 0, samples = 1, representation = 0;
  ds.findAndGetUint16(DCM_Rows, rows);
  ds.findAndGetUint16(DCM_Columns, cols);
  ds.findAndGetUint16(DCM_BitsAllocated, bits);
  ds.findAndGetUint16(DCM_SamplesPerPixel, samples);
  ds.findAndGetUint16(DCM_PixelRepresentation, representation);
  // IS by the standard; some writers store it as US.
  Sint32 frames = 1;
  Uint16 frames16 = 0;
  if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).bad()) {
    frames = ds.findAndGetUint16(DCM_NumberOfFrames, frames16).good() ? frames16 : 1;
    // DCMTK's decompressors read the frame count as IS: restate it so (element replaced).
    if (frames16 > 0) ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames16).c_str());
  }
  if (frames < 1) frames = 1;
  if (rows == 0 || cols == 0) return Status::Invalid("missing_pixel_data", "the image has no rows or columns");
  if (samples != 1) return Status::Invalid("unsupported_pixel_data", "only grey images (1 sample per pixel) are read");
  if (bits != 8 && bits != 16)
    return Status::Invalid("unsupported_pixel_data", std::to_string(bits) + " bits allocated per pixel: 8 or 16 are read");
  if (Status st = CheckSize(cols, rows, frames, limits); !st.ok()) return st;
  if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit))
    return Status::Invalid("unsupported_pixel_data", "DCMTK cannot decompress the pixel data (transfer syntax " +
                                                          std::string(DcmXfer(ds.getOriginalXfer()).getXferName()) + ")");
  const size_t per_frame = size_t{rows} * cols;
  const size_t need = per_frame * static_cast<size_t>(frames);
  if (bits == 16) {
    const Uint16* px = nullptr;
    unsigned long count = 0;
    if (ds.findAndGetUint16Array(DCM_PixelData, px, &count).bad() || !px || count < need)
      return Status::Invalid("missing_pixel_data", "pixel data (" + std::to_string(count) + " values) shorter than " + std::to_string(rows) + "x" +
                                                        std::to_string(cols) + "x" + std::to_string(frames));
    for (Sint32 f = 0; f < frames; ++f) {
      cv::Mat m(rows, cols, CV_16UC1);
      const Uint16* src = px + per_frame * static_cast<size_t>(f);
      if (representation == 1) {  // two's complement: shifted so that order is kept in 16 unsigned bits
        auto* dst = m.ptr<uint16_t>();
        for (size_t i = 0; i < per_frame; ++i) dst[i] = static_cast<uint16_t>(src[i] ^ 0x8000);
      } else {
        std::memcpy(m.data, src, per_frame * 2);
      }
      scan.frames.push_back(std::move(m));
    }
  } else {
    const Uint8* px = nullptr;
    unsigned long count = 0;
    if (ds.findAndGetUint8Array(DCM_PixelData, px, &count).bad() || !px || count < need)
      return Status::Invalid("missing_pixel_data", "pixel data shorter than the image");
    for (Sint32 f = 0; f < frames; ++f)
      scan.frames.push_back(cv::Mat(rows, cols, CV_8UC1, const_cast<Uint8*>(px) + per_frame * f).clone());
  }
  scan.meta.rows = rows;
  scan.meta.cols = cols;
  scan.meta.frames = frames;
  scan.meta.bits_stored = bits;
  return Status::Ok();
}

}  // namespace

Result<Scan> DecodeDicos(std::string_view bytes, const Limits& limits) {
  RegisterCodecsOnce();
  // DCMTK checks an element's declared length against what is left only when it reads from a
  // file (it skips long values and loads them when asked): from a memory buffer it would first
  // allocate whatever length a forged header declares (found by fuzz_xray: 300 bytes asking for
  // 2.6 GB). So the bytes go through a private temporary file, removed when decoding ends.
  TempFile temp;
  if (Status st = temp.Write(bytes); !st.ok()) return st;
  DcmFileFormat file;
  OFCondition read = file.loadFile(temp.path().c_str(), EXS_Unknown, EGL_noChange, kDeferAbove);
  if (read.bad()) return Status::Invalid("malformed_dicos", std::string("DCMTK cannot read it: ") + read.text());
  DcmDataset& ds = *file.getDataset();
  Scan scan;
  ReadMeta(ds, scan.meta);
  const ObjectKind* kind = nullptr;
  for (const auto& k : kObjects)
    if (scan.meta.sop_class_uid == k.uid) kind = &k;
  if (!kind) {
    std::string other = OtherPixelElement(ds);
    if (!other.empty())
      return Status::Invalid("unsupported_pixel_data", "SOP class " + scan.meta.sop_class_uid + " with pixel data in " +
                                                           other + ", which DCMTK does not decode");
    return Status::Invalid("unsupported_object", "SOP class '" + scan.meta.sop_class_uid + "' is not a DICOS object");
  }
  scan.meta.object = kind->name;
  if (scan.meta.object == "tdr") scan.report = ReadReport(ds);
  if (kind->has_pixels)
    if (Status st = ReadPixels(ds, limits, scan); !st.ok()) return st;
  return scan;
}

}  // namespace oc::xray
