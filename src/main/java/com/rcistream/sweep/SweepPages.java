package com.rcistream.sweep;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.rcistream.api.CustomerPage;
import com.rcistream.api.RciApi;
import com.rcistream.config.RciConfig;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.PaginationLoopException;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.state.Checkpoints;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The steps of one page of a sweep, as the walk names them: read, each record goes on or not, follow the next link. */
@ApplicationScoped
@Named("sweepPages")
@RegisterForReflection
public class SweepPages {

    private final RciApi api;
    private final Checkpoints checkpoints;
    private final Sweeps sweeps;
    private final int maxPages;

    public SweepPages(RciApi api, Checkpoints checkpoints, Sweeps sweeps, RciConfig config) {
        this.api = api;
        this.checkpoints = checkpoints;
        this.sweeps = sweeps;
        this.maxPages = config.sweep().maxPages();
    }

    /** Leaves the page's records as the body; the walk stays on this page until they are published. */
    public void pageRead(Exchange exchange) {
        CustomerPage page = exchange.getMessage().getBody(CustomerPage.class);
        SweepProgress.of(exchange).pageRead(page.records().size());
        exchange.removeProperty(ExchangeProperties.NEXT_URL);
        exchange.setProperty(ExchangeProperties.PAGE_NEXT, page.next());
        exchange.getMessage().setBody(page.records());
    }

    /** Whether a record of the page is still published: not once the sweep has failed (Kafka down, say). */
    public boolean goesOn(Exchange exchange) {
        return !SweepProgress.of(exchange).failed();
    }

    /** A customer whose content has not changed since it was last published. */
    public void unchanged(Exchange exchange) {
        SweepProgress.of(exchange).unchanged();
    }

    /**
     * Moves the walk to the page's next link, refused when it leaves the configured API origin or leads back to a page
     * of this sweep (or past rci.sweep.max-pages), and checkpoints it: every record of this page was acknowledged by
     * Kafka before this step runs (the split is sequential and each send waits for its acknowledgement), so a restart
     * resumes at the next page and repeats at most this one.
     */
    public void followNextLink(Exchange exchange) {
        String next = exchange.getProperty(ExchangeProperties.PAGE_NEXT, String.class);
        exchange.removeProperty(ExchangeProperties.PAGE_NEXT);
        SweepProgress progress = SweepProgress.of(exchange);
        if (next != null && !progress.failed()) {
            String link = api.followable(next);
            if (progress.pages() >= maxPages) {
                throw PaginationLoopException.pageCap(maxPages, UrlSanitizer.sanitize(link));
            }
            if (!progress.visit(link)) {
                throw PaginationLoopException.repeated(UrlSanitizer.sanitize(link));
            }
            exchange.setProperty(ExchangeProperties.NEXT_URL, link);
            checkpoints.save(next, progress.sweepId());
        }
        sweeps.pageDone(progress);
    }
}
