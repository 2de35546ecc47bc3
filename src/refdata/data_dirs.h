// Where the binary finds its data. Two places, never a path of the source checkout:
//  - the reference directory: the code lists and the demo schedule this project wrote itself
//    (data/ of the source tree, installed as <prefix>/share/opencustoms);
//  - the shared data directory: third-party data sets read in place, never copied (the HS
//    nomenclature, labelled descriptions, the US tariff, the fraud-labelled declarations).
// Both are set once at start-up (configuration), before any thread reads them.
#pragma once

#include <string>
#include <vector>

namespace oc {

// Set the directories the functions below answer ("" = the default search). Not thread-safe: call
// before starting threads.
void ConfigureReferenceDir(const std::string& dir);
void ConfigureSharedDataDir(const std::string& dir);

// The reference directory: as configured, else $OC_DATA_DIR, else <exe>/../share/opencustoms
// (installed) or <exe dir>/share/opencustoms (a build tree). "" when none holds ref/procedures.csv.
std::string DefaultReferenceDir();

// The shared data directory: as configured, else $OC_SHARED_DATA, else ../shared/data when it
// exists (relative to the working directory). "" when there is none.
std::string SharedDataDir();

// A file of the shared data directory (e.g. "hs/nomenclature/hs2022_harmonized-system.csv"), or ""
// when there is no shared directory or the file is not in it.
std::string SharedDataFile(const std::string& relative);

// The HS 2022 nomenclature of the shared directory; "" when absent.
std::string HsNomenclaturePath();

// Plain sentences on what is missing and what that switches off (logged at start-up); empty when
// everything is there.
std::vector<std::string> MissingDataNotes();

}  // namespace oc
