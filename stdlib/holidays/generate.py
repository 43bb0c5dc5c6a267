#!/usr/bin/env python3
"""Computes the holiday rows of stdlib/holidays/<CODE>.tsv from the rules in
their headers. Run by hand when a year is added; review the diff, since the
headers and the one-off dates (elections, proclamations) are kept by hand.

    python3 stdlib/holidays/generate.py 2025 2027   # prints every file's rows

It prints the rows of each file under a `== CODE` line; the header comment
blocks are not generated. Rules and sources: see the header of each .tsv.
"""
import datetime as dt
import math
import sys

D = dt.date
DAY = dt.timedelta(days=1)


def easter(year):
    """Gregorian Easter Sunday, Anonymous Gregorian (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return D(year, month, day + 1)


def nth_weekday(year, month, weekday, n):
    """The n-th `weekday` (0 = Monday) of the month; n = -1 for the last."""
    if n > 0:
        first = D(year, month, 1)
        return first + DAY * ((weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = D(year + month // 12, month % 12 + 1, 1) - DAY
    return last - DAY * ((last.weekday() - weekday) % 7)


def next_monday(day):
    """Colombia, Ley 51 de 1983: to the following Monday unless a Monday."""
    return day + DAY * ((7 - day.weekday()) % 7)


def chile_19668(day):
    """Chile, Ley 19.668: Tue-Thu to the Monday before, Fri to the Monday
    after; Sat, Sun and Mon stay."""
    w = day.weekday()
    if w in (1, 2, 3):
        return day - DAY * w
    if w == 4:
        return day + DAY * 3
    return day


def june_solstice_utc(year):
    """June solstice instant (UTC, about a minute off), Meeus ch. 27."""
    y = (year - 2000) / 1000
    jde0 = (2451716.56767 + 365241.62603 * y + 0.00325 * y**2 + 0.00888 * y**3
            - 0.00030 * y**4)
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    dl = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    terms = [(485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186),
             (182, 27.85, 445267.112), (156, 73.14, 45036.886), (136, 171.52, 22518.443),
             (77, 222.54, 65928.934), (74, 296.72, 3034.906), (70, 243.58, 9037.513),
             (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
             (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417),
             (18, 155.12, 67555.328), (17, 288.79, 4562.452), (16, 198.04, 62894.029),
             (14, 199.76, 31436.921), (12, 95.39, 14577.848), (12, 287.11, 31931.756),
             (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074)]
    s = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in terms)
    jde = jde0 + 0.00001 * s / dl - 69 / 86400  # TT to UT, Delta T about 69 s.
    return dt.datetime(2000, 1, 1, 12) + dt.timedelta(days=jde - 2451545.0)


def colombia(year):
    e = easter(year)
    rows = [
        (D(year, 1, 1), "Año Nuevo"),
        (next_monday(D(year, 1, 6)), "Día de los Reyes Magos"),
        (next_monday(D(year, 3, 19)), "Día de San José"),
        (e - 3 * DAY, "Jueves Santo"),
        (e - 2 * DAY, "Viernes Santo"),
        (D(year, 5, 1), "Día del Trabajo"),
        (next_monday(e + 39 * DAY), "Ascensión del Señor"),
        (next_monday(e + 60 * DAY), "Corpus Christi"),
        (next_monday(e + 68 * DAY), "Sagrado Corazón de Jesús"),
        (next_monday(D(year, 6, 29)), "San Pedro y San Pablo"),
        (D(year, 7, 20), "Día de la Independencia"),
        (D(year, 8, 7), "Batalla de Boyacá"),
        (next_monday(D(year, 8, 15)), "Asunción de la Virgen"),
        (next_monday(D(year, 10, 12)), "Día de la Raza"),
        (next_monday(D(year, 11, 1)), "Día de Todos los Santos"),
        (next_monday(D(year, 11, 11)), "Independencia de Cartagena"),
        (D(year, 12, 8), "Inmaculada Concepción"),
        (D(year, 12, 25), "Navidad"),
    ]
    return rows


def mexico(year):
    rows = [
        (D(year, 1, 1), "Año Nuevo"),
        (nth_weekday(year, 2, 0, 1), "Día de la Constitución (5 de febrero)"),
        (nth_weekday(year, 3, 0, 3), "Natalicio de Benito Juárez (21 de marzo)"),
        (D(year, 5, 1), "Día del Trabajo"),
        (D(year, 9, 16), "Día de la Independencia"),
        (nth_weekday(year, 11, 0, 3), "Día de la Revolución (20 de noviembre)"),
        (D(year, 12, 25), "Navidad"),
    ]
    if year % 6 == 0:  # 2024, 2030: transmisión del Poder Ejecutivo Federal.
        rows.append((D(year, 10, 1), "Transmisión del Poder Ejecutivo Federal"))
    if year == 2027:  # LGIPE art. 22: ordinary federal election, first Sunday of June.
        rows.append((nth_weekday(year, 6, 6, 1), "Jornada electoral federal"))
    return rows


def peru(year):
    e = easter(year)
    return [
        (D(year, 1, 1), "Año Nuevo"),
        (e - 3 * DAY, "Jueves Santo"),
        (e - 2 * DAY, "Viernes Santo"),
        (D(year, 5, 1), "Día del Trabajo"),
        (D(year, 6, 7), "Batalla de Arica y Día de la Bandera"),
        (D(year, 6, 29), "San Pedro y San Pablo"),
        (D(year, 7, 23), "Día de la Fuerza Aérea del Perú"),
        (D(year, 7, 28), "Fiestas Patrias"),
        (D(year, 7, 29), "Fiestas Patrias"),
        (D(year, 8, 6), "Batalla de Junín"),
        (D(year, 8, 30), "Santa Rosa de Lima"),
        (D(year, 10, 8), "Combate de Angamos"),
        (D(year, 11, 1), "Día de Todos los Santos"),
        (D(year, 12, 8), "Inmaculada Concepción"),
        (D(year, 12, 9), "Batalla de Ayacucho"),
        (D(year, 12, 25), "Navidad"),
    ]


def chile(year):
    e = easter(year)
    solstice = (june_solstice_utc(year) - dt.timedelta(hours=4)).date()  # Chile is UTC-4 in June.
    rows = [
        (D(year, 1, 1), "Año Nuevo"),
        (e - 2 * DAY, "Viernes Santo"),
        (e - 1 * DAY, "Sábado Santo"),
        (D(year, 5, 1), "Día Nacional del Trabajo"),
        (D(year, 5, 21), "Día de las Glorias Navales"),
        (solstice, "Día Nacional de los Pueblos Indígenas"),
        (chile_19668(D(year, 6, 29)), "San Pedro y San Pablo"),
        (D(year, 7, 16), "Día de la Virgen del Carmen"),
        (D(year, 8, 15), "Asunción de la Virgen"),
        (D(year, 9, 18), "Independencia Nacional"),
        (D(year, 9, 19), "Día de las Glorias del Ejército"),
        (chile_19668(D(year, 10, 12)), "Encuentro de Dos Mundos"),
        (D(year, 11, 1), "Día de Todos los Santos"),
        (D(year, 12, 8), "Inmaculada Concepción"),
        (D(year, 12, 25), "Navidad"),
    ]
    # Ley 20.215: 17 Sep when a Monday, 20 Sep when a Friday.
    if D(year, 9, 17).weekday() == 0:
        rows.append((D(year, 9, 17), "Feriado adicional de Fiestas Patrias"))
    if D(year, 9, 20).weekday() == 4:
        rows.append((D(year, 9, 20), "Feriado adicional de Fiestas Patrias"))
    # Ley 20.299 as amended: 31 Oct; a Tuesday moves to the Friday before, a
    # Wednesday to the Friday after.
    reformation = D(year, 10, 31)
    if reformation.weekday() == 1:
        reformation -= 4 * DAY
    elif reformation.weekday() == 2:
        reformation += 2 * DAY
    rows.append((reformation, "Día de las Iglesias Evangélicas y Protestantes"))
    # Election days (Ley 18.700; primaries, Ley 20.640), kept by hand.
    elections = {
        2025: [(D(2025, 6, 29), "Elecciones primarias presidenciales"),
               (D(2025, 11, 16), "Elecciones presidenciales y parlamentarias"),
               (D(2025, 12, 14), "Segunda vuelta presidencial")],
    }
    rows += elections.get(year, [])
    return rows


def observed_gb(day, taken):
    """A substitute day: the next weekday not already a holiday."""
    while day.weekday() >= 5 or day in taken:
        day += DAY
    return day


def gb_christmas(year):
    """Christmas and Boxing Day with their substitute days."""
    rows = []
    taken = set()
    for day, name in ((D(year, 12, 25), "Christmas Day"), (D(year, 12, 26), "Boxing Day")):
        if day.weekday() < 5:
            rows.append((day, name))
            taken.add(day)
    for day, name in ((D(year, 12, 25), "Christmas Day"), (D(year, 12, 26), "Boxing Day")):
        if day.weekday() >= 5:
            sub = observed_gb(day, taken)
            taken.add(sub)
            rows.append((sub, name + " (substitute day)"))
    return rows


def gb_fixed(day, name, taken=()):
    if day.weekday() < 5:
        return [(day, name)]
    return [(observed_gb(day, set(taken)), name + " (substitute day)")]


def england(year):
    e = easter(year)
    return (gb_fixed(D(year, 1, 1), "New Year's Day") + [
        (e - 2 * DAY, "Good Friday"),
        (e + DAY, "Easter Monday"),
        (nth_weekday(year, 5, 0, 1), "Early May bank holiday"),
        (nth_weekday(year, 5, 0, -1), "Spring bank holiday"),
        (nth_weekday(year, 8, 0, -1), "Summer bank holiday"),
    ] + gb_christmas(year))


def scotland(year):
    e = easter(year)
    new_year = gb_fixed(D(year, 1, 1), "New Year's Day")
    second = gb_fixed(D(year, 1, 2), "2nd January", taken=[d for d, _ in new_year])
    return (new_year + second + [
        (e - 2 * DAY, "Good Friday"),
        (nth_weekday(year, 5, 0, 1), "Early May bank holiday"),
        (nth_weekday(year, 5, 0, -1), "Spring bank holiday"),
        (nth_weekday(year, 8, 0, 1), "Summer bank holiday"),
    ] + gb_fixed(D(year, 11, 30), "St Andrew's Day") + gb_christmas(year))


def northern_ireland(year):
    return (england(year) + gb_fixed(D(year, 3, 17), "St Patrick's Day")
            + gb_fixed(D(year, 7, 12), "Battle of the Boyne (Orangemen's Day)"))


def us_observed(day):
    """5 U.S.C. 6103(b) and EO 11582: Saturday to Friday, Sunday to Monday."""
    if day.weekday() == 5:
        return day - DAY
    if day.weekday() == 6:
        return day + DAY
    return day


def united_states(year):
    rows = []
    fixed = [(1, 1, "New Year's Day"), (6, 19, "Juneteenth National Independence Day"),
             (7, 4, "Independence Day"), (11, 11, "Veterans Day"), (12, 25, "Christmas Day")]
    for month, day, name in fixed:
        date = D(year, month, day)
        rows.append((date, name))
        if us_observed(date) != date:
            rows.append((us_observed(date), name + " (observed)"))
    # New Year's Day of the next year, observed on 31 Dec when a Saturday.
    if D(year + 1, 1, 1).weekday() == 5:
        rows.append((D(year, 12, 31), f"New Year's Day {year + 1} (observed)"))
    rows += [
        (nth_weekday(year, 1, 0, 3), "Birthday of Martin Luther King, Jr."),
        (nth_weekday(year, 2, 0, 3), "Washington's Birthday"),
        (nth_weekday(year, 5, 0, -1), "Memorial Day"),
        (nth_weekday(year, 9, 0, 1), "Labor Day"),
        (nth_weekday(year, 10, 0, 2), "Columbus Day"),
        (nth_weekday(year, 11, 3, 4), "Thanksgiving Day"),
    ]
    return [(d, n) for d, n in rows if d.year == year]


COUNTRIES = {"CO": colombia, "MX": mexico, "PE": peru, "CL": chile, "GB": england,
             "GB-SCT": scotland, "GB-NIR": northern_ireland, "US": united_states}


def rows_for(code, first, last):
    merged = {}
    for year in range(first, last + 1):
        for day, name in COUNTRIES[code](year):
            # Two holidays on one date become one row naming both.
            merged[day] = merged[day] + " / " + name if day in merged else name
    return sorted(merged.items())


def main():
    first, last = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (2025, 2027)
    for code in COUNTRIES:
        print("==", code)
        for day, name in rows_for(code, first, last):
            print(f"{day.isoformat()}\t{name}")


if __name__ == "__main__":
    main()
