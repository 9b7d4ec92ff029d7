package io.lezflow.portal.web;

import static io.lezflow.portal.web.Html.esc;

import io.lezflow.portal.ApiError;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.PortalServer.Services;
import io.lezflow.portal.review.Camera;
import io.lezflow.portal.review.Violation;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The letter to a vehicle's keeper: a warning (no amount) or a fine notice, print-styled HTML
 * with the photo, time, place, rule, amount and how to contest, in French or Dutch.
 */
public final class Letters {
  public enum Language { FR, NL }

  private Letters() {}

  public static Language language(String q) {
    if (q == null || q.isBlank()) return Language.FR;
    return switch (q.trim().toLowerCase(Locale.ROOT)) {
      case "fr" -> Language.FR;
      case "nl" -> Language.NL;
      default -> throw new BadRequest("lang: fr or nl");
    };
  }

  /** A letter exists for an approved fine, or for a warning that was not rejected or dropped. */
  public static boolean letterable(Violation v) {
    if (v.warning()) return !"REJECTED".equals(v.status()) && !"DROPPED".equals(v.status());
    return "APPROVED".equals(v.status());
  }

  public static String render(Services s, Violation v, Language lang) {
    if (!letterable(v)) throw ApiError.conflict("no_letter", "a letter is sent for an approved fine or a warning only");
    boolean fr = lang == Language.FR;
    Camera cam = s.cameras().byId(v.cameraId()).orElse(null);
    String place = cam == null ? v.cameraId() : (cam.name() == null ? cam.cameraId() : cam.name()) + " (" + cam.zoneId() + ")";
    DateTimeFormatter when = DateTimeFormatter.ofPattern(fr ? "d MMMM yyyy 'à' HH:mm" : "d MMMM yyyy 'om' HH:mm",
        fr ? Locale.FRENCH : Locale.forLanguageTag("nl-BE"));
    String time = when.format(v.firstSeenAt().atZone(s.config().timeZone()));
    String amount = String.format(Locale.ROOT, "%d,%02d %s", v.fineCents() / 100, v.fineCents() % 100, v.currency());
    String title = v.warning()
        ? (fr ? "Avertissement — zone de basses émissions" : "Waarschuwing — lage-emissiezone")
        : (fr ? "Avis d'amende administrative — zone de basses émissions" : "Kennisgeving administratieve boete — lage-emissiezone");
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html lang=\"").append(fr ? "fr" : "nl").append("\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append("</title><link rel=\"stylesheet\" href=\"/static/portal.css\"></head><body class=\"letter\">")
        .append("<article class=\"letter-page\" id=\"letter\"><header><div class=\"sender\">")
        .append(fr ? "Région de Bruxelles-Capitale — Service LEZ" : "Brussels Hoofdstedelijk Gewest — LEZ-dienst")
        .append("</div><div class=\"ref\">").append(fr ? "Référence : " : "Referentie: ").append(esc(v.violationId())).append("</div></header>")
        .append("<p class=\"addressee\">").append(fr ? "Au titulaire de la plaque " : "Aan de houder van de nummerplaat ")
        .append("<strong>").append(esc(v.plateText())).append("</strong> (").append(esc(v.country())).append(")</p>")
        .append("<h1>").append(esc(title)).append("</h1>")
        .append("<p>").append(fr
            ? "Votre véhicule a été photographié dans la zone de basses émissions alors qu'il ne répond pas aux critères d'accès."
            : "Uw voertuig werd gefotografeerd in de lage-emissiezone terwijl het niet aan de toegangscriteria voldoet.")
        .append("</p><table class=\"facts\">")
        .append(row(fr ? "Date et heure" : "Datum en tijdstip", time))
        .append(row(fr ? "Lieu" : "Plaats", place))
        .append(row(fr ? "Règle" : "Regel", v.rule() + (fr ? " (politique version " : " (beleidsversie ") + v.policyVersion() + ")"))
        .append(row(fr ? "Montant" : "Bedrag", v.warning() ? (fr ? "aucun — avertissement" : "geen — waarschuwing") : amount))
        .append("</table>");
    if (v.imageSha256() != null && s.images().find(v.imageSha256()).isPresent()) {
      b.append("<figure><img class=\"evidence\" alt=\"").append(fr ? "photo de la plaque" : "foto van de nummerplaat")
          .append("\" src=\"/api/v1/violations/").append(Html.url(v.violationId())).append("/image\"><figcaption>SHA-256 ")
          .append(esc(v.imageSha256())).append("</figcaption></figure>");
    }
    if (v.warning() && v.fineableFrom() != null) {
      // Warning-first steps: the fine is possible only for a detection from this day on (the decider's fineable_from).
      String from = DateTimeFormatter.ofPattern("d MMMM yyyy", fr ? Locale.FRENCH : Locale.forLanguageTag("nl-BE")).format(v.fineableFrom());
      b.append("<p id=\"fineable-from\">").append(fr
          ? "Ceci est un avertissement : aucune amende n'est due. Une nouvelle détection de ce véhicule dans la zone à partir du "
              + from + " pourra être sanctionnée d'une amende."
          : "Dit is een waarschuwing: er is geen boete verschuldigd. Een nieuwe vaststelling van dit voertuig in de zone vanaf "
              + from + " kan worden beboet.")
          .append("</p>");
    } else if (v.warning()) {
      b.append("<p>").append(fr
          ? "Ceci est un avertissement : aucune amende n'est due. À partir de la date d'entrée en vigueur de l'interdiction, une amende sera infligée."
          : "Dit is een waarschuwing: er is geen boete verschuldigd. Vanaf de datum waarop het verbod ingaat, wordt een boete opgelegd.")
          .append("</p>");
    } else {
      b.append("<p>").append(fr
          ? "Veuillez payer le montant dans les 30 jours en mentionnant la référence ci-dessus."
          : "Gelieve het bedrag binnen 30 dagen te betalen met vermelding van de referentie hierboven.").append("</p>");
    }
    b.append("<h2>").append(fr ? "Comment contester" : "Hoe betwisten").append("</h2><p>").append(fr
        ? "Vous pouvez contester par écrit dans les 30 jours suivant la réception de ce courrier, en mentionnant la référence, auprès du fonctionnaire sanctionnateur, Service LEZ, ou via le formulaire en ligne. Joignez toute pièce utile (dérogation, pass journalier, certificat d'immatriculation)."
        : "U kunt schriftelijk bezwaar indienen binnen 30 dagen na ontvangst van deze brief, met vermelding van de referentie, bij de sanctionerend ambtenaar, LEZ-dienst, of via het online formulier. Voeg alle nuttige stukken toe (vrijstelling, dagpas, inschrijvingsbewijs).")
        .append("</p><p class=\"no-print\"><button type=\"button\" id=\"print\" data-print>")
        .append(fr ? "Imprimer" : "Afdrukken").append("</button></p></article><script src=\"/static/print.js\"></script></body></html>");
    return b.toString();
  }

  private static String row(String k, String v) {
    return "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>";
  }
}
