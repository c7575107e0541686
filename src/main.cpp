// dualstack: config.toml -> Plan -> render / lab / verify. All work happens in the library.
#include <dualstack/cli/app.hpp>

int main(int argc, char** argv)
{
  return dualstack::cli::run(argc, argv);
}
