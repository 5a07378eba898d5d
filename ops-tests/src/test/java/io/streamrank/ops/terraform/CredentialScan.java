package io.streamrank.ops.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds credentials written into a file: Alibaba Cloud AccessKeys, provider keys, literal passwords, private keys. */
final class CredentialScan {

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("LTAI[0-9A-Za-z]{12,30}"),
            Pattern.compile("(?i)\\b(access_key|secret_key|access_key_secret|accesskeysecret)\\s*[=:]\\s*\"?[^\\s\"$]+"),
            Pattern.compile("(?i)\\bpassword\\s*[=:]\\s*\"?(?!\\$\\{)[^\\s\"{]+"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    private CredentialScan() {
    }

    static List<String> findings(String text) {
        List<String> out = new ArrayList<>();
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                out.add(m.group().length() > 12 ? m.group().substring(0, 12) + "…" : m.group());
            }
        }
        return out;
    }
}
