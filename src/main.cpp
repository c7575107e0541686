// dualstack: config.toml -> Plan -> render / lab / verify. All work happens in the library; the
// synthetic dump generator (gen-dump, for verify's tests and benchmarks) is a library of its own.
#include <dualstack/cli/app.hpp>
#include <dualstack/verify/gen/gen_dump_command.hpp>

int main(int argc, char** argv)
{
  const dualstack::cli::AddCommand extra[] = { dualstack::cli::add_gen_dump_command };
  return dualstack::cli::run(argc, argv, extra);
}
