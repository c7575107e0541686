// AddressSet: linear probing over a power-of-two table.
#include <dualstack/verify/address_set.hpp>

namespace dualstack::verify {

namespace {

std::size_t hash(std::uint64_t low, std::uint64_t high, std::uint8_t family)
{
  std::uint64_t h = low ^ (high * 0x9e3779b97f4a7c15ULL) ^ family;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

} // namespace

void AddressSet::rehash(std::size_t slots)
{
  util::ZeroedArray<Slot> old = std::move(m_slots);
  m_slots = util::ZeroedArray<Slot>(slots);
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (!slot.used) {
      continue;
    }
    std::size_t i = hash(slot.low, slot.high, slot.family) & mask;
    while (m_slots[i].used) {
      i = (i + 1) & mask;
    }
    m_slots[i] = slot;
  }
}

void AddressSet::reserve(std::size_t count)
{
  std::size_t slots = 1024;
  while (slots < 2 * count) {
    slots *= 2;
  }
  if (slots > m_slots.size()) {
    rehash(slots);
  }
}

std::optional<std::uint32_t> AddressSet::insert(const net::Address& address, std::uint32_t owner)
{
  if (2 * (m_size + 1) > m_slots.size()) {
    rehash(m_slots.empty() ? 1024 : m_slots.size() * 2);
  }
  const auto family = static_cast<std::uint8_t>(address.family());
  const auto low = static_cast<std::uint64_t>(address.value());
  const auto high = static_cast<std::uint64_t>(address.value() >> 64);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = hash(low, high, family) & mask;
  while (m_slots[i].used) {
    if (m_slots[i].low == low && m_slots[i].high == high && m_slots[i].family == family) {
      return m_slots[i].owner;
    }
    i = (i + 1) & mask;
  }
  m_slots[i] = Slot{low, high, owner, family, true};
  ++m_size;
  return std::nullopt;
}

} // namespace dualstack::verify
