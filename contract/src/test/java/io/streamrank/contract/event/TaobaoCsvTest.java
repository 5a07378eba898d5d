package io.streamrank.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaobaoCsvTest {

    @Test
    void aRowBecomesAnEventWithAStableIdAndMilliseconds() {
        assertThat(TaobaoCsv.parse("1,2268318,2520377,pv,1511544070")).contains(new ClickEvent(
                "tb-1-2268318-1511544070-pv", 1L, 2268318L, 2520377L, EventType.CLICK, 1_511_544_070_000L));
    }

    @Test
    void truncatedOrUnknownRowsAreSkipped() {
        assertThat(TaobaoCsv.parse("100370,1968385,1875258,pv")).isEmpty();
        assertThat(TaobaoCsv.parse("1,2,3,like,1511544070")).isEmpty();
        assertThat(TaobaoCsv.parse("1,x,3,pv,1511544070")).isEmpty();
    }
}
