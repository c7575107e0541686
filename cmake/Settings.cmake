# Shared compile settings: warnings for everyone (-Wall -Wextra -Wpedantic -Wshadow), -Werror (CI)
# and sanitizers on request.
add_library(dualstack_settings INTERFACE)
target_compile_options(dualstack_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
# GCC 12 reports libstdc++'s own std::string code once inlined at -O2/-O3: -Wrestrict on
# insert/replace ("accessing 9223372036854775809 or more bytes ... may overlap", GCC bug 105329),
# -Warray-bounds and -Wstringop-overflow on char_traits' memcpy in `std::string(x) + "literal"`.
# Fixed in GCC 13. Which unity batch trips them shifts as files are added, so they are off for
# every target, not file by file.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(dualstack_settings INTERFACE -Wno-restrict -Wno-array-bounds
                                                      -Wno-stringop-overflow)
endif()
if(DUALSTACK_WERROR)
  target_compile_options(dualstack_settings INTERFACE -Werror)
endif()
if(DUALSTACK_SANITIZE)
  target_compile_options(dualstack_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  # GCC's manual: the sanitizers' instrumentation can cause false warnings; GCC 12 reports
  # std::regex's own std::function members as maybe-uninitialized once ASan instruments them.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(dualstack_settings INTERFACE -Wno-maybe-uninitialized)
  endif()
  target_link_options(dualstack_settings INTERFACE -fsanitize=address,undefined)
endif()
if(DUALSTACK_FUZZ)
  # The whole library carries libFuzzer's coverage hooks, so the fuzzer sees inside the parsers;
  # only the *_fuzz executables link libFuzzer's main (fuzz/CMakeLists.txt).
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DUALSTACK_FUZZ needs clang: CXX=clang++ cmake -DDUALSTACK_FUZZ=ON ...")
  endif()
  target_compile_options(dualstack_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(dualstack_settings INTERFACE -fsanitize=address,undefined)
endif()

# Precompiled headers (DUALSTACK_PCH, on by default): the third-party headers most files include
# (fmt in 143 of 227 library files, nlohmann-json, tl::expected, CLI11, GoogleTest in every test)
# are parsed once per target instead of once per file. See dualstack_precompile() below.
option(DUALSTACK_PCH "Precompiled headers for the heavy third-party headers" ON)
function(dualstack_precompile target)
  if(NOT DUALSTACK_PCH)
    return()
  endif()
  target_precompile_headers(${target} PRIVATE
    <algorithm> <cstdint> <filesystem> <functional> <map> <memory> <optional> <set> <string>
    <string_view> <utility> <vector>
    <fmt/format.h> <nlohmann/json.hpp> <tl/expected.hpp> ${ARGN})
endfunction()

# ccache when present. With precompiled headers ccache needs the pch_defines and time_macros
# (and include_file_mtime/ctime) sloppiness, or every compile is a miss (ccache's manual, "Precompiled headers").
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  if(DUALSTACK_PCH)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
        ${CCACHE_PROGRAM})
  else()
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  endif()
endif()

# Unity builds (DUALSTACK_UNITY, on by default) for the libraries: 16 sources compiled as one, so
# the templates they share (nlohmann-json, fmt, the Plan's containers) are instantiated and
# optimised once per batch instead of once per file. Measured on 32 library files: 30 s of CPU
# instead of 220 s with precompiled headers alone. The price: names in anonymous namespaces must be
# unique across a batch (a clash is a compile error naming both definitions; rename one).
option(DUALSTACK_UNITY "Unity builds of the libraries (16 sources per batch)" ON)
function(dualstack_unity target)
  if(DUALSTACK_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 16)
    # GCC takes a .cpp included into a unity file for a header and then warns about anonymous-
    # namespace types in its classes, which are fine in a source file.
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
endfunction()
