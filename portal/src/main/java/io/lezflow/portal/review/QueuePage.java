package io.lezflow.portal.review;

import java.util.List;

/** A page of the queue; {@code next} is null on the last page. */
public record QueuePage(List<QueueRow> rows, QueueCursor next) {}
