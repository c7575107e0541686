// SVG timelines of failovers.
#include <dualstack/lab/svg_timeline.hpp>

#include <dualstack/util/xml_escape.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace dualstack::lab {

std::string svg_timeline(const std::string& title,
                         double event,
                         const std::vector<TimelineSeries>& series)
{
  constexpr double width = 1040, left = 230, right = 20, top = 40, row = 60, axis = 40;
  double t0 = 0, t1 = 1;
  bool first = true;
  for (const auto& s : series) {
    const double a = s.probes.start - event, b = s.probes.end - event;
    t0 = first ? a : std::min(t0, a);
    t1 = first ? b : std::max(t1, b);
    first = false;
  }
  if (t1 <= t0)
    t1 = t0 + 1;
  const double plot = width - left - right;
  const auto x = [&](double t) { return left + (t - t0) / (t1 - t0) * plot; };
  const double height = top + row * static_cast<double>(series.size()) + axis;
  std::string out = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" "
                                "height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                                "font-family=\"sans-serif\" font-size=\"12\">\n<rect "
                                "width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                                "<text x=\"{2}\" y=\"20\" font-size=\"14\">{3}</text>\n",
                                width,
                                height,
                                left,
                                util::xml_escape(title));
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const double y = top + row * static_cast<double>(i);
    const std::string name = std::string(net::display_name(s.probes.family));
    out += fmt::format("<text x=\"10\" y=\"{:.1f}\">{}{} → {}</text>\n",
                       y + row / 2 + 4,
                       name,
                       s.who.empty() ? "" : " " + util::xml_escape(s.who),
                       util::xml_escape(s.probes.target));
    out += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ccc\"/>\n",
      left,
      y + row / 2,
      width - right,
      y + row / 2);
    const double shade_end = s.outage.recovered() ? s.outage.after : s.probes.end;
    if (shade_end > s.outage.before && s.outage.before > 0) {
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                         "fill=\"#f4a0a0\" opacity=\"0.7\">"
                         "<title>outage {:.3f} s</title></rect>\n",
                         x(s.outage.before - event),
                         y + 8,
                         std::max(1.0, x(shade_end - event) - x(s.outage.before - event)),
                         row - 16,
                         shade_end - s.outage.before);
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#a00\">{} {:.3f} s</text>\n",
                         x(shade_end - event) + 4,
                         y + 18,
                         s.outage.recovered() ? "outage" : "no recovery",
                         shade_end - s.outage.before);
    }
    for (const auto& r : s.probes.replies) {
      const double px = x(r.t - event);
      out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#2a6\"/>\n",
        px,
        y + 18,
        px,
        y + row - 18);
    }
  }
  const double axis_y = top + row * static_cast<double>(series.size());
  out += fmt::format(
    "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"black\"/>\n",
    left,
    axis_y,
    width - right);
  const double step = (t1 - t0) > 20 ? 5 : (t1 - t0) > 8 ? 2 : (t1 - t0) > 3 ? 1 : 0.5;
  for (double t = std::ceil(t0 / step) * step; t <= t1; t += step) {
    out += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"black\"/>"
      "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4:g} s</text>\n",
      x(t),
      axis_y,
      axis_y + 5,
      axis_y + 18,
      t);
  }
  out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                     "stroke=\"#00c\" stroke-dasharray=\"4 3\"/>"
                     "<text x=\"{0:.1f}\" y=\"{3:.1f}\" fill=\"#00c\">event</text>\n",
                     x(0),
                     top - 4,
                     axis_y,
                     top - 8 + 0.0);
  return out + "</svg>\n";
}

} // namespace dualstack::lab
