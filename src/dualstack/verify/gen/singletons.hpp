// Writers for the dump files with a handful of objects (IPPools, ConfigMaps, DaemonSets, the
// operator Installation, BGPPeers), each applying its planted defect if chosen.
#pragma once

#include <dualstack/verify/gen/defect_plan.hpp>
#include <dualstack/verify/gen/dump_options.hpp>
#include <dualstack/verify/gen/json_writer.hpp>

#include <vector>

namespace dualstack::verify::gen {

// Each writes a complete List and appends the defects it planted to `defects`.
void write_ippools(JsonWriter& out,
                   const ClusterModel& model,
                   const DefectPlan& defects,
                   std::vector<PlantedDefect>& planted);
void write_configmaps(JsonWriter& out,
                      const ClusterModel& model,
                      const DefectPlan& defects,
                      std::vector<PlantedDefect>& planted);
void write_daemonsets(JsonWriter& out,
                      const ClusterModel& model,
                      const DefectPlan& defects,
                      std::vector<PlantedDefect>& planted);
void write_installations(JsonWriter& out,
                         const ClusterModel& model,
                         const DefectPlan& defects,
                         std::vector<PlantedDefect>& planted);
void write_bgppeers(JsonWriter& out,
                    const ClusterModel& model,
                    const DefectPlan& defects,
                    std::vector<PlantedDefect>& planted);

} // namespace dualstack::verify::gen
