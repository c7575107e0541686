# `cmake --install` and a Debian package (CPack): the stripped binary, dualstack(1) generated from
# every command's --help, bash completion, the docs and the examples.
#   cmake --build build --target package       -> build/dualstack_<version>_<arch>.deb
#   cmake --install build --prefix /usr --strip
include(GNUInstallDirs)

install(TARGETS dualstack RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man page is made from the built binary's help texts (scripts/gen-manpage.sh), gzipped as
# Debian policy wants; SOURCE_DATE_EPOCH keeps it reproducible when set.
set(DUALSTACK_MANPAGE ${PROJECT_BINARY_DIR}/dualstack.1.gz)
add_custom_command(
  OUTPUT ${DUALSTACK_MANPAGE}
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/gen-manpage.sh $<TARGET_FILE:dualstack> > ${PROJECT_BINARY_DIR}/dualstack.1
  COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/dualstack.1
  DEPENDS dualstack ${PROJECT_SOURCE_DIR}/scripts/gen-manpage.sh
  COMMENT "dualstack.1.gz from every command's --help"
  VERBATIM)
add_custom_target(manpage ALL DEPENDS ${DUALSTACK_MANPAGE})
install(FILES ${DUALSTACK_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES packaging/dualstack.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME dualstack)
install(FILES README.md ARCHITECTURE.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs PATTERN lab-prototype EXCLUDE)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dualstack)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "dualstack maintainers <dualstack@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "IPv4/IPv6 dual-stack Kubernetes with Calico on OpenStack, from one config.toml")
set(CPACK_PACKAGE_DESCRIPTION
    "Checks a yaook-k8s style config.toml against the rules of kubeadm, Kubernetes, Calico and OpenStack, turns it into a Plan and renders every file of the cluster from it (Terraform, kubeadm, Calico, WireGuard, BIRD, keepalived, HAProxy, nftables, Ansible); proves the gateway files on real daemons in network namespaces; verifies a live cluster against the Plan.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# `lab` runs these daemons and tools; the rest of dualstack needs none of them.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "bird2, keepalived, haproxy, nftables, wireguard-tools, wireguard-go, iproute2, ansible, kubernetes-client")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/dualstack")
include(CPack)
