package io.streamrank.bench;

import io.streamrank.bench.ExplainedPages.Page;

/**
 * The pages {@link HomePageEval} asks for one user, explained, with every candidate answered up to 200: the home page,
 * the product page of an item and the page of a category; each checked not to have dropped items shown before.
 */
final class UserPages {

    private UserPages() {
    }

    static Page home(ServiceClient service, HomeEvalOptions o, long user) throws Exception {
        return ask(service, o, user, "");
    }

    static Page product(ServiceClient service, HomeEvalOptions o, long user, long item) throws Exception {
        return ask(service, o, user, "&contextItemId=" + item);
    }

    /** Only the category's items, no per-category cap (ADR 87, 88). */
    static Page category(ServiceClient service, HomeEvalOptions o, long user, long category) throws Exception {
        return ask(service, o, user, "&categoryId=" + category);
    }

    /**
     * The page, unless it dropped items as shown to the user before: each user's pages are asked several times, and a
     * service hiding what it showed would hide B after the click because the page before it showed B.
     */
    static Page checked(Page page, long user) {
        if (page.droppedShown() > 0) {
            throw new IllegalStateException("the service dropped " + page.droppedShown() + " items as shown to user "
                    + user + " before: evaluate one that does not (streamrank.rules.drop-shown=false, as "
                    + "bin/streamrank-local sets it)");
        }
        return page;
    }

    /** The click shows when the page retrieved from the user's recent items or their neighbours. */
    static boolean shows(Page page) {
        return page.retrieved("recent") > 0 || page.retrieved("session") > 0;
    }

    private static Page ask(ServiceClient service, HomeEvalOptions o, long user, String page) throws Exception {
        return checked(ExplainedPages.page(service.recommendations("userId=" + user + page + "&candidateCount="
                + o.candidates() + "&k=" + Math.min(o.candidates(), 200) + "&explain=true")), user);
    }
}
