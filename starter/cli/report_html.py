"""The seller report as one self-contained HTML page: the table and an inline SVG chart of
response times (no script, no download), so it opens anywhere and can be mailed."""

from __future__ import annotations

from html import escape

from contract.seller_views import SellerReport
from rules.seller_words import TAKEOVERS, VIOLATIONS, counted, plural

BINS = (0, 2, 4, 8, 12, 16, 20, 24)  # working hours; the reply deadline's default is 24


def _histogram(hours: tuple[float, ...]) -> list[tuple[str, int]]:
    counts = []
    for low, high in zip(BINS, BINS[1:]):
        counts.append((f"{low}–{high} h", sum(low <= h < high or (high == BINS[-1] and h == high) for h in hours)))
    return counts


def _chart(hours: tuple[float, ...]) -> str:
    bars = _histogram(hours)
    width, height, pad = 560, 220, 30
    top = max((count for _, count in bars), default=0) or 1
    step = (width - 2 * pad) / len(bars)
    parts = [
        f'<svg role="img" aria-label="response times" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for n, (label, count) in enumerate(bars):
        bar = (height - 2 * pad) * count / top
        x, y = pad + n * step + 4, height - pad - bar
        parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{step - 8:.0f}" height="{bar:.0f}" fill="#3b6ea5"><title>{escape(label)}: {count}</title></rect>'
        )
        parts.append(
            f'<text x="{x + (step - 8) / 2:.0f}" y="{height - pad + 14}" font-size="11" text-anchor="middle">{escape(label)}</text>'
        )
        parts.append(
            f'<text x="{x + (step - 8) / 2:.0f}" y="{y - 4:.0f}" font-size="11" text-anchor="middle">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render(report: SellerReport) -> str:
    rows = []
    for w in report.windows:
        rate = "–" if w.on_time_rate is None else f"{w.on_time_rate:.0%}"
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{escape(str(cell))}</td>"
                for cell in (
                    f"last {w.days} days",
                    w.replies,
                    w.breaches,
                    rate,
                    "–" if w.median_response_hours is None else w.median_response_hours,
                    "–" if w.p90_response_hours is None else w.p90_response_hours,
                    counted(w.violations, VIOLATIONS) or "–",
                    counted(w.takeovers, TAKEOVERS) or "–",
                )
            )
            + "</tr>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seller {escape(report.seller_id)}: customer service</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}</style>
</head><body>
<h1>Seller {escape(report.seller_id)}</h1>
<p>As of {escape(report.as_of.strftime("%d %b %Y %H:%M UTC"))}. Response times count the working hours of the buyer's market:
evenings, weekends and public holidays do not count.</p>
<table><thead><tr><th>period</th><th>replies</th><th>replied too late</th><th>on time</th><th>median hours</th><th>9 in 10 within (hours)</th><th>problems found</th><th>conversations taken over</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Response times, last 90 days ({escape(plural(len(report.response_hours_90d), "reply", "replies"))})</h2>
{_chart(report.response_hours_90d)}
</body></html>
"""
