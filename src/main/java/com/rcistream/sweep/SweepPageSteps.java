package com.rcistream.sweep;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.accounts.Accounts;
import com.rcistream.api.CustomerPage;
import com.rcistream.api.RciApi;
import com.rcistream.config.RciConfig;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.PaginationLoopException;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.PageWindow;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.state.CheckpointStore;

/**
 * The steps of one page of a sweep, as the walk names them: read, follow the next link and hand the page over, each
 * record goes on or not, the checkpoint once it is published.
 */
@ApplicationScoped
@Named("sweepPageSteps")
@RegisterForReflection
public class SweepPageSteps {

    private final RciApi api;
    private final CheckpointStore checkpoints;
    private final SweepCoordinator sweeps;
    private final int maxPages;
    private final Accounts accounts;

    public SweepPageSteps(
            RciApi api, CheckpointStore checkpoints, SweepCoordinator sweeps, RciConfig config, Accounts accounts) {
        this.api = api;
        this.accounts = accounts;
        this.checkpoints = checkpoints;
        this.sweeps = sweeps;
        this.maxPages = config.sweep().maxPages();
    }

    /** Leaves the page's records as the body and its next link aside, for the walk to follow. */
    public void pageRead(Exchange exchange) {
        CustomerPage page = exchange.getMessage().getBody(CustomerPage.class);
        SweepProgress.of(exchange).pageRead(page.records().size());
        exchange.removeProperty(ExchangeProperties.NEXT_URL);
        exchange.setProperty(ExchangeProperties.PAGE_NEXT, page.next());
        exchange.getMessage().setBody(page.records());
    }

    /**
     * Moves the walk to the page's next link, refused when it leaves the configured API origin or leads back to a page
     * of this sweep (or past rci.sweep.max-pages), and hands the page over to be published with the checkpoint past
     * it. A refused link is kept, and thrown once the page is handed over ({@link #stopAtRefusedLink}): its records
     * are valid and still flow, only the walk ends.
     */
    public void followNextLink(Exchange exchange) {
        String next = exchange.getProperty(ExchangeProperties.PAGE_NEXT, String.class);
        exchange.removeProperty(ExchangeProperties.PAGE_NEXT);
        SweepProgress progress = SweepProgress.of(exchange);
        String link = null;
        if (next != null) {
            try {
                link = followable(next, progress);
            } catch (RuntimeException refused) {
                exchange.setProperty(ExchangeProperties.REFUSED_LINK, refused);
            }
        }
        exchange.setProperty(ExchangeProperties.PAGE_SEQ, progress.pageWindow().handOver(link == null ? null : next));
        if (link != null) {
            exchange.setProperty(ExchangeProperties.NEXT_URL, link);
        }
    }

    private String followable(String next, SweepProgress progress) {
        String link = api.followable(accounts.byId(progress.account()), next);
        if (progress.pages() >= maxPages) {
            throw PaginationLoopException.pageCap(maxPages, UrlSanitizer.sanitize(link));
        }
        if (!progress.visit(link)) {
            throw PaginationLoopException.repeated(UrlSanitizer.sanitize(link));
        }
        return link;
    }

    /** Ends the walk on the next link {@link #followNextLink} refused, now that its page is on its way. */
    public void stopAtRefusedLink(Exchange exchange) {
        RuntimeException refused = exchange.getProperty(ExchangeProperties.REFUSED_LINK, RuntimeException.class);
        if (refused != null) {
            exchange.removeProperty(ExchangeProperties.REFUSED_LINK);
            throw refused;
        }
    }

    /**
     * Whether a record of a page is still published, as the {@code rciGoesOn} property: not once publishing failed
     * (Kafka down, say). A step and a property test, where a bean predicate would copy the exchange for each record.
     */
    public void goesOn(Exchange exchange) {
        exchange.setProperty(
                ExchangeProperties.GOES_ON, !SweepProgress.of(exchange).publishingFailed());
    }

    /** A customer whose content has not changed since it was last published. */
    public void unchanged(Exchange exchange) {
        SweepProgress.of(exchange).unchanged();
    }

    /**
     * Every record of the page is acknowledged (the parallel split ends only once every customer's sends are): the
     * checkpoint moves past it if every page before it is published too. Checkpoints are written one at a time, in
     * page order, so a restart resumes after the last page of an unbroken run and repeats at most the pages that were
     * in flight.
     */
    public void pagePublished(Exchange exchange) {
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress.publishingFailed()) {
            return;
        }
        PageWindow window = progress.pageWindow();
        long seq = exchange.getProperty(ExchangeProperties.PAGE_SEQ, Long.class);
        synchronized (window) {
            String checkpoint = window.published(seq);
            if (checkpoint != null) {
                checkpoints.save(progress.account(), checkpoint, progress.sweepId());
            }
        }
        sweeps.pageDone(progress, seq + 1);
    }

    /** The page is done with, published or not: the walk may fetch another, and the next page take its turns. */
    public void pageSettled(Exchange exchange) {
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress != null) {
            Long seq = exchange.getProperty(ExchangeProperties.PAGE_SEQ, Long.class);
            progress.pageWindow().settled(seq == null ? -1 : seq);
        }
    }
}
