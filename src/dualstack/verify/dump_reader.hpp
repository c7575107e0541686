// verify --from DIR: reads the saved `kubectl get ... -o json` Lists of a directory.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/item_sink.hpp>
#include <dualstack/verify/list_reader.hpp>
#include <dualstack/verify/progress.hpp>
#include <dualstack/verify/report.hpp>

#include <filesystem>

namespace dualstack::verify {

// Reads the List in the file at `path` into `sink` in bounded chunks (`source` names it in
// errors). Reports progress to `observer` if given.
tl::expected<ListInfo, InputError> read_list_file(const std::filesystem::path& path,
                                                  std::string source,
                                                  ItemSink& sink,
                                                  Resource resource,
                                                  VerifyObserver* observer = nullptr);

// Checks the dump in `dir` (nodes.json, pods.json, ...; see Resource) against `plan`. Missing
// files skip their checks; a missing directory or an unusable file is an InputError.
Report verify_dump(const plan::Plan& plan,
                   const std::filesystem::path& dir,
                   VerifyObserver* observer = nullptr);

} // namespace dualstack::verify
