// Test PKI made at test time with OpenSSL: a cluster CA, server and client certificates, and a
// second CA that nothing trusts.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace dualstack::verify::kube::testing {

struct X509Free
{
  void operator()(X509* cert) const
  {
    X509_free(cert);
  }
};
struct PkeyFree
{
  void operator()(EVP_PKEY* key) const
  {
    EVP_PKEY_free(key);
  }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// A certificate and its key, as OpenSSL objects and as PEM text.
struct TestCert
{
  X509Ptr cert;
  PkeyPtr key;
  std::string cert_pem;
  std::string key_pem;
};

// The certificates of one test cluster.
struct TestPki
{
  TestCert ca;           // the cluster CA
  TestCert server;       // API server: 127.0.0.1 and localhost, signed by `ca`
  TestCert client;       // user "dualstack-test" in group system:masters, signed by `ca`
  TestCert other_ca;     // a CA the server does not use
  TestCert other_client; // a client certificate signed by `other_ca`
};

// Returns the PKI, generated once per test process (EC P-256 keys, so it is quick).
const TestPki& test_pki();

} // namespace dualstack::verify::kube::testing
