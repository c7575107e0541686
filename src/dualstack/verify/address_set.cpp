// AddressSet: linear probing over a power-of-two table.
#include <dualstack/verify/address_set.hpp>

namespace dualstack::verify {

namespace {

std::size_t hash(net::u128 value, std::uint8_t family)
{
  std::uint64_t h = static_cast<std::uint64_t>(value) ^
                    (static_cast<std::uint64_t>(value >> 64) * 0x9e3779b97f4a7c15ULL) ^ family;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

} // namespace

void AddressSet::grow()
{
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (!slot.used) {
      continue;
    }
    std::size_t i = hash(slot.value, slot.family) & mask;
    while (m_slots[i].used) {
      i = (i + 1) & mask;
    }
    m_slots[i] = slot;
  }
}

std::optional<std::uint32_t> AddressSet::insert(const net::Address& address, std::uint32_t owner)
{
  if (2 * (m_size + 1) > m_slots.size()) {
    grow();
  }
  const auto family = static_cast<std::uint8_t>(address.family());
  const net::u128 value = address.value();
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = hash(value, family) & mask;
  while (m_slots[i].used) {
    if (m_slots[i].value == value && m_slots[i].family == family) {
      return m_slots[i].owner;
    }
    i = (i + 1) & mask;
  }
  m_slots[i] = Slot{value, owner, family, true};
  ++m_size;
  return std::nullopt;
}

} // namespace dualstack::verify
