// One HTTPS request with curl from a lab namespace.
#include <dualstack/lab/tls_request.hpp>

#include <dualstack/lab/process.hpp>

#include <sstream>

namespace dualstack::lab {

namespace {

constexpr const char* trailer_marker = "dualstack-lab-curl";

double seconds(const std::string& text)
{
  try {
    return text.empty() ? 0 : std::stod(text);
  } catch (const std::exception&) {
    return 0;
  }
}

} // namespace

std::vector<std::string> curl_argv(const TlsRequest& request)
{
  std::vector<std::string> argv{ "curl",       request.family == net::Family::ipv6 ? "-6" : "-4",
                                 "-g",         "-sS",
                                 "--max-time", "5" };
  if (request.ca_file.empty()) {
    argv.push_back("-k");
  } else {
    argv.push_back("--cacert");
    argv.push_back(request.ca_file);
  }
  argv.push_back("-w");
  argv.push_back(std::string("\n") + trailer_marker +
                 " remote_ip=%{remote_ip} connect=%{time_connect} tls=%{time_appconnect}\n");
  argv.push_back(request.url);
  return argv;
}

TlsAnswer parse_curl_output(const std::string& output, bool exit_ok)
{
  TlsAnswer answer;
  std::string body = output;
  if (const auto at = output.rfind(trailer_marker); at != std::string::npos) {
    // The trailer line out of the body (curl's stderr may come before or after it).
    const auto eol = output.find('\n', at);
    const std::string line = output.substr(at, eol == std::string::npos ? eol : eol - at);
    body = output.substr(0, at) + (eol == std::string::npos ? "" : output.substr(eol + 1));
    // key=value words: an empty value (no address when the name did not resolve) stays empty.
    std::istringstream trailer(line.substr(std::string(trailer_marker).size()));
    std::string word;
    while (trailer >> word) {
      const auto eq = word.find('=');
      if (eq == std::string::npos)
        continue;
      const std::string key = word.substr(0, eq);
      const std::string value = word.substr(eq + 1);
      if (key == "remote_ip")
        answer.remote_ip = value;
      else if (key == "connect")
        answer.connect_s = seconds(value);
      else if (key == "tls")
        answer.tls_s = seconds(value);
    }
  }
  // The lab's listener answers every GET with a body naming itself.
  answer.answered = exit_ok && body.find("dualstack lab listener") != std::string::npos;
  if (const auto at = body.find("\npeer "); answer.answered && at != std::string::npos) {
    const auto start = at + 6;
    answer.peer = body.substr(start, body.find_first_of("\r\n", start) - start);
  }
  if (!answer.answered) {
    const auto first = body.find_first_not_of("\n ");
    const auto last = body.find_last_not_of("\n ");
    answer.error =
      first == std::string::npos ? "" : body.substr(first, last - first + 1).substr(0, 200);
  }
  return answer;
}

TlsAnswer tls_request(const std::string& ns, const TlsRequest& request)
{
  auto result = run_command(in_netns(ns, curl_argv(request)), std::chrono::seconds(10));
  return parse_curl_output(result.output, result.ok());
}

} // namespace dualstack::lab
