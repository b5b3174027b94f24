package com.rcistream.accounts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.AccountsConfig;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.exchange.ExchangeProperties;

/**
 * The accounts this deployment serves: the one of rci.api.token, or one per file of rci.accounts.token-dir, read
 * again every rci.accounts.rescan-interval (a file added starts an account, a file removed stops it once its sweep
 * ends, a changed file rotates its token). An exchange names its account by id in {@code rciAccount}.
 */
@ApplicationScoped
@Named("accounts")
@RegisterForReflection
public class Accounts {

    private static final Logger LOG = Logger.getLogger(Accounts.class);

    private final Path directory;
    private final long rescanNanos;
    private final Map<String, AccountsConfig.Own> own;
    /** Every account seen since the start, removed ones too: their tokens stay masked in whatever leaves. */
    private final Map<String, Account> byId = new ConcurrentSkipListMap<>();

    private final Map<String, String> skipped = new ConcurrentHashMap<>();
    private volatile long scannedAt;

    public Accounts(RciConfig config, ApiToken token) {
        this.directory = config.accounts().tokenDir().orElse(null);
        this.rescanNanos = config.accounts().rescanInterval().toNanos();
        this.own = config.accounts().own();
        if (directory == null) {
            byId.put("", Account.single(token));
            own.keySet()
                    .forEach(id -> LOG.warnf(
                            "rci.accounts.%s.* is ignored: the one account of rci.api.token has the rci.api.* settings"
                                    + " (set rci.accounts.token-dir for accounts of their own)",
                            id));
        } else {
            token.alsoRedact(this::redactNamed);
            rescan();
            own.keySet().stream()
                    .filter(id -> !byId.containsKey(id))
                    .forEach(id -> LOG.warnf(
                            "rci.accounts.%s.* is set, but %s has no file named %s: its settings wait for it",
                            id, directory, id));
        }
    }

    /** Whether the accounts come from rci.accounts.token-dir (records then carry the account). */
    public boolean named() {
        return directory != null;
    }

    /** The accounts that sweep: every one whose token file is there, the directory read again when it is due. */
    public List<Account> active() {
        if (directory != null && System.nanoTime() - scannedAt > rescanNanos) {
            rescan();
        }
        List<Account> active = new ArrayList<>();
        byId.values().forEach(account -> {
            if (!account.removed() && account.enabled()) {
                active.add(account);
            }
        });
        return active;
    }

    /** The account of that id, or null when there is none (a removed account still is, to finish its sweep). */
    public Account byId(String id) {
        return byId.get(id == null ? "" : id);
    }

    /** The account an exchange belongs to (its {@code rciAccount}); the one account when it names none. */
    public Account of(Exchange exchange) {
        String id = exchange.getProperty(ExchangeProperties.ACCOUNT, String.class);
        Account account = byId(id);
        if (account == null) {
            throw new IllegalStateException("no account " + (id == null || id.isEmpty() ? "named" : id));
        }
        return account;
    }

    /** Reads the token directory: accounts added, removed and rotated, each said in one line. */
    public synchronized void rescan() {
        scannedAt = System.nanoTime();
        TokenDirectory.Scan scan;
        try {
            scan = TokenDirectory.read(directory);
        } catch (IOException e) {
            LOG.warnf("cannot read rci.accounts.token-dir %s (%s): the accounts stay as they were", directory, e);
            return;
        }
        scan.skipped().forEach(reason -> {
            if (skipped.put(reason, reason) == null) {
                LOG.warn(reason);
            }
        });
        scan.accounts().forEach((id, file) -> {
            Account known = byId.get(id);
            if (known == null) {
                Account added = Account.named(id, file.token(), own.get(id));
                byId.put(id, added);
                LOG.infof(
                        "account %s added (token %s)%s",
                        id,
                        file.fingerprint(),
                        added.enabled() ? "" : ", and not swept: rci.accounts." + id + ".enabled is false");
            } else if (!known.fingerprint().equals(file.fingerprint()) || known.removed()) {
                known.rotate(file.token());
                LOG.infof(
                        "account %s %s (token %s)", id, known.removed() ? "back" : "token rotated", file.fingerprint());
                known.removed(false);
            }
        });
        byId.forEach((id, account) -> {
            if (!account.removed() && !scan.accounts().containsKey(id)) {
                account.removed(true);
                LOG.infof("account %s removed (its token file is gone): no further sweep starts for it", id);
            }
        });
    }

    private String redactNamed(String text) {
        String out = text;
        for (Account account : byId.values()) {
            if (account.named()) {
                out = account.redact(out);
            }
        }
        return out;
    }
}
