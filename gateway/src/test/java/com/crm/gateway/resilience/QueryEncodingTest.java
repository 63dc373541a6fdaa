package com.crm.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryEncodingTest {

    @Test
    void namesEachParameterWhoseValueIsNotUtf8() {
        assertThat(QueryEncoding.undecodableParameters("from=%C3%28%FF&to=2026-01-01&q=%E4%BD%A0&tag=%FF&from=%FE"))
                .containsExactly("from", "tag");
    }

    @Test
    void anIncompleteEscapeIsUndecodable() {
        assertThat(QueryEncoding.undecodableParameters("a=%4&b=%zz&c=ok%20fine&d=a+b"))
                .containsExactly("a", "b");
    }

    @Test
    void aNameThatCannotBeDecodedIsShownAsSent() {
        assertThat(QueryEncoding.undecodableParameters("%FFname=1")).containsExactly("%FFname");
    }

    @Test
    void aValidQueryHasNoneAndDecodesMultiByteCharacters() {
        assertThat(QueryEncoding.undecodableParameters("name=J%C3%BCrgen&city=%E4%B8%8A%E6%B5%B7&flag"))
                .isEmpty();
        assertThat(QueryEncoding.undecodableParameters(null)).isEmpty();
        assertThat(QueryEncoding.decode("J%C3%BCrgen+M")).isEqualTo("Jürgen M");
    }
}
