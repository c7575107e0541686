// Test PKI generation with OpenSSL's X509 and EVP_PKEY APIs (no `openssl` CLI needed).
#include "verify/kube/support/test_pki.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace dualstack::verify::kube::testing {

namespace {

void require(bool ok, const char* what)
{
  if (!ok) {
    throw std::runtime_error(std::string("test PKI: ") + what);
  }
}

std::string bio_text(BIO* bio)
{
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value)
{
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(ext != nullptr, "extension");
  require(X509_add_ext(cert, ext, -1) == 1, "add extension");
  X509_EXTENSION_free(ext);
}

// Makes a certificate for `cn`/`org`, signed by `issuer` (self-signed when null). `kind` is
// "ca", "server" or "client".
TestCert make_cert(const char* cn,
                   const char* org,
                   const TestCert* issuer,
                   const std::string& kind,
                   long serial)
{
  TestCert out;
  out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  require(out.key != nullptr, "keygen");
  out.cert.reset(X509_new());
  X509* cert = out.cert.get();
  require(X509_set_version(cert, 2) == 1, "version");
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 7 * 24 * 3600);
  require(X509_set_pubkey(cert, out.key.get()) == 1, "pubkey");
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
    name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(org), -1, -1, 0);
  X509_NAME_add_entry_by_txt(
    name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* issuer_cert = issuer ? issuer->cert.get() : cert;
  EVP_PKEY* issuer_key = issuer ? issuer->key.get() : out.key.get();
  require(X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert)) == 1, "issuer");
  add_extension(cert, issuer_cert, NID_subject_key_identifier, "hash");
  add_extension(cert, issuer_cert, NID_authority_key_identifier, "keyid:always");
  if (kind == "ca") {
    add_extension(cert, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert, issuer_cert, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(
      cert, issuer_cert, NID_ext_key_usage, kind == "server" ? "serverAuth" : "clientAuth");
    if (kind == "server") {
      add_extension(cert, issuer_cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    }
  }
  require(X509_sign(cert, issuer_key, EVP_sha256()) > 0, "sign");

  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(BIO_new(BIO_s_mem()), &BIO_free);
  require(PEM_write_bio_X509(cert_bio.get(), cert) == 1, "cert PEM");
  out.cert_pem = bio_text(cert_bio.get());
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(BIO_new(BIO_s_mem()), &BIO_free);
  require(PEM_write_bio_PrivateKey(
            key_bio.get(), out.key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "key PEM");
  out.key_pem = bio_text(key_bio.get());
  return out;
}

} // namespace

const TestPki& test_pki()
{
  static const TestPki pki = [] {
    TestPki p;
    p.ca = make_cert("dualstack-test-ca", "dualstack", nullptr, "ca", 1);
    p.server = make_cert("kube-apiserver", "dualstack", &p.ca, "server", 2);
    p.client = make_cert("dualstack-test", "system:masters", &p.ca, "client", 3);
    p.other_ca = make_cert("some-other-ca", "elsewhere", nullptr, "ca", 4);
    p.other_client = make_cert("intruder", "system:masters", &p.other_ca, "client", 5);
    return p;
  }();
  return pki;
}

} // namespace dualstack::verify::kube::testing
