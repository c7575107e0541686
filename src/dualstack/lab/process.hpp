// Processes of the lab: commands run to completion (argument vectors, never a shell), daemons
// spawned in the background, and the tag that marks every process the lab started.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace dualstack::lab {

// The environment variable every process the lab starts inherits; `down` signals only
// processes that carry it with the lab's value.
inline constexpr const char* tag_variable = "DUALSTACK_LAB_TAG";

struct CommandResult
{
  int status = -1;    // exit status, or 128 + signal, or -1 if it could not start / timed out
  std::string output; // stdout and stderr together
  bool ok() const
  {
    return status == 0;
  }
};

// Runs `argv` to completion with stdin from /dev/null, capturing stdout and stderr; kills it
// after `timeout`.
CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Returns `argv` prefixed so it runs inside network namespace `ns` (`ip netns exec`, which also
// bind-mounts /etc/netns/<ns>/* over /etc).
std::vector<std::string> in_netns(const std::string& ns, std::vector<std::string> argv);

// Starts `argv` in the background in its own session, stdin /dev/null, stdout and stderr
// appended to `log_path`; returns its pid (or -1). `ip netns exec` execs into the program, so
// the pid is the daemon's own.
pid_t spawn_process(const std::vector<std::string>& argv, const std::string& log_path);

// Reaps `pid` if it is a child of this process that has exited (no-op otherwise).
void reap(pid_t pid);

// Returns whether `pid` runs (not a zombie) and carries `tag_variable`=`tag` in its environment,
// or as a whole argument of its command line (daemons that rewrite their title, e.g. sshd).
bool is_ours(pid_t pid, const std::string& tag);

// Returns whether `pid` exists and is not a zombie.
bool is_alive(pid_t pid);

// Sends SIGTERM to each of `pids` that is ours, waits up to `grace` for them to exit, then
// SIGKILLs the rest. Pids that are not ours are never signalled.
void stop_processes(const std::vector<pid_t>& pids,
                    const std::string& tag,
                    std::chrono::milliseconds grace = std::chrono::seconds(3));

// Returns the pid written in `path` (first line), or -1.
pid_t read_pid_file(const std::string& path);

// Sets the tag in this process's environment so every child inherits it.
void set_tag(const std::string& tag);

// Waits up to `seconds` until something in namespace `ns` listens on TCP `port`, giving up early
// once `pid` (if > 0) has exited; returns whether it listens.
bool wait_listening(const std::string& ns, int port, double seconds, pid_t pid = -1);

} // namespace dualstack::lab
