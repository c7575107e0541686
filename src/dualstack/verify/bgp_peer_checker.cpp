// Calico BGPPeer check: calico-bgp-peer.
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>

#include <fmt/format.h>

namespace dualstack::verify {

namespace {

namespace od = json::od;

struct Peer
{
  std::string name;
  std::string peer_ip_text;
  std::optional<net::Address> peer_ip;
  std::optional<std::int64_t> as_number;
};

class BgpPeerChecker final : public ResourceChecker
{
public:
  explicit BgpPeerChecker(CheckContext& context)
    : m_ctx(context)
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      Peer peer;
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "spec") {
          read_spec(field.value(), peer);
        }
      }
      peer.name = std::string(m_parser.meta.name);
      m_peers.push_back(std::move(peer));
    });
  }

  void finish() override
  {
    for (net::Family family : m_ctx.plan.families()) {
      check_family(family);
    }
  }

private:
  void read_spec(od::value value, Peer& peer)
  {
    m_parser.at("spec");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() == "peerIP") {
        peer.peer_ip_text = std::string(json::string_or_empty(field.value()));
        // Calico allows "IP:port"; only the plain address form is planned.
        peer.peer_ip = json::parse_ip(peer.peer_ip_text);
      } else if (field.key() == "asNumber") {
        m_parser.at("spec.asNumber");
        peer.as_number = field.value().get_int64();
        m_parser.at("spec");
      }
    }
  }

  void check_family(net::Family family)
  {
    const net::Address vip = m_ctx.plan.network(family).vip;
    const auto as = static_cast<std::int64_t>(m_ctx.plan.gateway_as);
    const std::string expected = fmt::format("peerIP {}, asNumber {}", vip.to_string(), as);
    Recorder& rec = m_ctx.recorder;
    rec.examined(Check::calico_bgp_peer);
    const Peer* at_vip = nullptr;
    const Peer* same_family = nullptr;
    for (const Peer& peer : m_peers) {
      if (!peer.peer_ip || peer.peer_ip->family() != family) {
        continue;
      }
      if (*peer.peer_ip == vip && peer.as_number == as) {
        return;
      }
      if (*peer.peer_ip == vip) {
        at_vip = at_vip ? at_vip : &peer;
      }
      same_family = same_family ? same_family : &peer;
    }
    if (at_vip != nullptr) {
      rec.fail(Check::calico_bgp_peer,
               { "BGPPeer", "", at_vip->name },
               expected,
               fmt::format("peerIP {}, asNumber {}",
                           at_vip->peer_ip_text,
                           at_vip->as_number ? std::to_string(*at_vip->as_number) : "none"),
               fmt::format("BGPPeer {} peers with the {} VIP at the wrong AS",
                           at_vip->name,
                           net::display_name(family)));
      return;
    }
    const std::string name = same_family ? same_family->name : std::string();
    rec.fail(Check::calico_bgp_peer,
             { "BGPPeer", "", name },
             expected,
             same_family ? fmt::format("peerIP {}", same_family->peer_ip_text) : "none",
             same_family ? fmt::format("BGPPeer {} peers with {}, not the {} gateway VIP {}",
                                       name,
                                       same_family->peer_ip_text,
                                       net::display_name(family),
                                       vip.to_string())
                         : fmt::format("no BGPPeer to the {} gateway VIP {}",
                                       net::display_name(family),
                                       vip.to_string()));
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "BGPPeer" };
  std::vector<Peer> m_peers;
};

} // namespace

std::unique_ptr<ResourceChecker> make_bgp_peer_checker(CheckContext& context)
{
  return std::make_unique<BgpPeerChecker>(context);
}

} // namespace dualstack::verify
