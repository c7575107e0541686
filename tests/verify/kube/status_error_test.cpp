// status_error / status_message: HTTP statuses mapped to error kinds, Status messages extracted.
#include <dualstack/verify/kube/status_error.hpp>

#include <gtest/gtest.h>

using namespace dualstack::verify::kube;

TEST(StatusError, MapsStatusesToKinds)
{
  EXPECT_EQ(status_error(401, "", "u", "pods").kind, ErrorKind::unauthorized);
  EXPECT_EQ(status_error(403, "", "u", "pods").kind, ErrorKind::forbidden);
  EXPECT_EQ(status_error(404, "", "u", "pods").kind, ErrorKind::not_found);
  EXPECT_EQ(status_error(410, "", "u", "pods").kind, ErrorKind::gone);
  EXPECT_EQ(status_error(500, "", "u", "pods").kind, ErrorKind::http);
  EXPECT_EQ(status_error(302, "", "u", "pods").kind, ErrorKind::http);
  EXPECT_EQ(status_error(503, "", "u", "pods").http_status, 503);
}

TEST(StatusError, QuotesTheStatusMessage)
{
  const auto error = status_error(
    403,
    R"({"kind":"Status","message":"pods is forbidden","reason":"Forbidden","code":403})",
    "https://h/api/v1/pods",
    "pods");
  EXPECT_EQ(error.where, "https://h/api/v1/pods");
  EXPECT_EQ(error.message, "listing pods is forbidden (HTTP 403): pods is forbidden");
}

TEST(StatusError, RedirectSaysSo)
{
  const auto error = status_error(302, "", "u", "nodes");
  EXPECT_EQ(error.message, "unexpected redirect (HTTP 302) listing nodes");
  EXPECT_EQ(error.hint, "point `server` in the kubeconfig at the API server itself");
}

TEST(StatusMessage, ReadsStatusOrFirstLine)
{
  EXPECT_EQ(status_message(R"({"message":"etcd\nleader lost"})"), "etcd leader lost");
  EXPECT_EQ(status_message("<html>\n<body>502 Bad Gateway"), "<html>");
  EXPECT_EQ(status_message(R"({"kind":"Status"})"), "");
  EXPECT_EQ(status_message(""), "");
  EXPECT_EQ(status_message(std::string(1000, 'x')).size(), 303u);
}
