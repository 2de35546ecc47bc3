// The translation unit that builds the precompiled header (CMakeLists.txt, OC_PCH): empty, the
// headers come from target_precompile_headers.
