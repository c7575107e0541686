// verify benchmarks over a dump directory: simdjson alone iterating every List's items (the
// floor), the ListReader splitting alone, and the full `verify --from` pipeline.
// DUALSTACK_VERIFY_DUMP=DIR and DUALSTACK_VERIFY_CONFIG=config.toml select a dump (as written
// by `dualstack gen-dump`); without them a small dump of bench/verify_cluster.toml is generated.
#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/verify/dump_reader.hpp>
#include <dualstack/verify/gen/dump_generator.hpp>
#include <dualstack/verify/list_reader.hpp>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace {

using namespace dualstack;

struct Fixture
{
  std::filesystem::path dir;
  plan::Plan plan;
  std::uint64_t bytes = 0;
};

const Fixture& fixture()
{
  static const Fixture f = [] {
    Fixture out;
    const char* config = std::getenv("DUALSTACK_VERIFY_CONFIG");
    const std::string config_path =
      config ? config
             : (std::filesystem::path(__FILE__).parent_path() / "verify_cluster.toml").string();
    auto loaded = config::load_config_file(config_path);
    if (!loaded) {
      throw std::runtime_error("cannot load " + config_path + ": " + loaded.error().message);
    }
    auto planned = plan::derive_plan(loaded->config, loaded->findings);
    if (!planned.plan) {
      throw std::runtime_error(config_path + " has errors");
    }
    out.plan = *planned.plan;
    if (const char* dump = std::getenv("DUALSTACK_VERIFY_DUMP")) {
      out.dir = dump;
    } else {
      out.dir = std::filesystem::temp_directory_path() / "dualstack-verify-bench-small";
      verify::gen::DumpOptions options;
      options.pods = 15'000;
      options.services = 3'000;
      options.endpoint_slices = 3'000;
      auto summary = verify::gen::generate_dump(out.plan, options, out.dir);
      if (!summary) {
        throw std::runtime_error(summary.error());
      }
    }
    for (verify::Resource resource : verify::all_resources) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(out.dir / verify::info(resource).file, ec);
      out.bytes += ec ? 0 : size;
    }
    return out;
  }();
  return f;
}

// simdjson on one whole document per file: load each file into a padded string, iterate
// `items`, touch nothing. Its structural index covers the whole file (4 bytes per structural
// character, hundreds of MB for pods.json), so it is memory-bound: a reference, not the floor.
void SimdjsonOnlyIterateItems(benchmark::State& state)
{
  const Fixture& f = fixture();
  std::size_t items = 0;
  for (auto _ : state) {
    items = 0;
    simdjson::ondemand::parser parser;
    for (verify::Resource resource : verify::all_resources) {
      const auto path = f.dir / verify::info(resource).file;
      if (!std::filesystem::exists(path)) {
        continue;
      }
      simdjson::padded_string text = simdjson::padded_string::load(path.string());
      simdjson::ondemand::document doc = parser.iterate(text);
      for (auto item : doc["items"].get_array()) {
        benchmark::DoNotOptimize(item);
        ++items;
      }
    }
  }
  state.counters["items"] = static_cast<double>(items);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(SimdjsonOnlyIterateItems)->Unit(benchmark::kMillisecond)->UseRealTime();

// The items of every List as newline-separated documents in memory (made once, not timed).
const simdjson::padded_string& items_as_ndjson()
{
  static const simdjson::padded_string text = [] {
    class Join : public verify::ItemSink
    {
    public:
      tl::expected<void, verify::InputError> on_item(std::string_view json, std::size_t) override
      {
        out.append(json);
        out.push_back('\n');
        return {};
      }
      std::string out;
    };
    Join join;
    const Fixture& f = fixture();
    for (verify::Resource resource : verify::all_resources) {
      const auto path = f.dir / verify::info(resource).file;
      if (std::filesystem::exists(path)) {
        (void)verify::read_list_file(path, path.filename().string(), join, resource);
      }
    }
    return simdjson::padded_string(join.out);
  }();
  return text;
}

// simdjson alone at its best on the same item bytes: the floor of `verify --from`. The items
// (already in memory) go through iterate_many, simdjson's streaming mode (stage 1 in 1 MiB
// batches), and every item's top-level fields are walked, which makes simdjson skip through
// every nested value. Single-threaded, as verify is (simdjson would otherwise run stage 1 of
// the next batch on a second thread, which the CPU time of this thread would not show).
void SimdjsonParseItems(benchmark::State& state)
{
  const simdjson::padded_string& text = items_as_ndjson();
  std::size_t items = 0;
  for (auto _ : state) {
    items = 0;
    simdjson::ondemand::parser parser;
#ifdef SIMDJSON_THREADS_ENABLED
    parser.threaded = false;
#endif
    simdjson::ondemand::document_stream stream;
    if (parser.iterate_many(text, 1 << 20).get(stream)) {
      state.SkipWithError("iterate_many failed");
      return;
    }
    for (auto document : stream) {
      simdjson::ondemand::object object;
      if (document.get_object().get(object)) {
        state.SkipWithError("an item is not an object");
        return;
      }
      for (auto field : object) {
        benchmark::DoNotOptimize(field.unescaped_key());
      }
      ++items;
    }
  }
  state.counters["items"] = static_cast<double>(items);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(SimdjsonParseItems)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reading the dump files alone, as read_list_file does (read(2) in 256 KB pieces into one
// buffer), touching nothing: what any reader of these files pays before parsing a byte. The
// floor of `verify --from` is this plus SimdjsonParseItems.
void ReadFilesOnly(benchmark::State& state)
{
  const Fixture& f = fixture();
  constexpr std::size_t piece = 256u << 10;
  std::vector<char> buffer(piece);
  std::uint64_t read_bytes = 0;
  for (auto _ : state) {
    read_bytes = 0;
    for (verify::Resource resource : verify::all_resources) {
      const auto path = f.dir / verify::info(resource).file;
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        continue;
      }
      ssize_t n = 0;
      while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
        benchmark::DoNotOptimize(buffer.data());
        read_bytes += static_cast<std::uint64_t>(n);
      }
      ::close(fd);
    }
  }
  state.counters["bytes"] = static_cast<double>(read_bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(ReadFilesOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

// The ListReader alone: split every List into items, hand each to a sink that does nothing.
void ListReaderSplitOnly(benchmark::State& state)
{
  class Count : public verify::ItemSink
  {
  public:
    tl::expected<void, verify::InputError> on_item(std::string_view json, std::size_t) override
    {
      benchmark::DoNotOptimize(json.data());
      ++items;
      return {};
    }
    std::size_t items = 0;
  };
  const Fixture& f = fixture();
  std::size_t items = 0;
  for (auto _ : state) {
    Count sink;
    for (verify::Resource resource : verify::all_resources) {
      const auto path = f.dir / verify::info(resource).file;
      if (std::filesystem::exists(path)) {
        auto list = verify::read_list_file(path, path.filename().string(), sink, resource);
        if (!list) {
          state.SkipWithError(list.error().to_string().c_str());
          return;
        }
      }
    }
    items = sink.items;
  }
  state.counters["items"] = static_cast<double>(items);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(ListReaderSplitOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole of `dualstack verify --from DIR`, output excepted.
void VerifyDump(benchmark::State& state)
{
  const Fixture& f = fixture();
  std::size_t findings = 0;
  for (auto _ : state) {
    const verify::Report report = verify::verify_dump(f.plan, f.dir);
    if (!report.errors.empty()) {
      state.SkipWithError(report.errors[0].to_string().c_str());
      return;
    }
    findings = report.findings.size();
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(VerifyDump)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
