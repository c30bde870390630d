package dev.jnet.cli.template;

import dev.jnet.cli.json.JsonReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's text/template as docker's --format uses it; the expected outputs are what Go prints for the same JSON. */
class TemplateTest {
    private static final String NETWORK = """
            {"Name":"web","Id":"3f1c2d4e","Internal":false,"EnableIPv6":true,"Labels":{"team":"a","b":"2"},
             "IPAM":{"Driver":"default","Config":[{"Subnet":"10.1.0.0/24","Gateway":"10.1.0.1"},{"Subnet":"fd00::/64"}]},
             "Containers":{},"Count":3,"Zero":0,"Empty":"","Names":["a","b","c"],"Nothing":null}""";

    private static String run(String template) {
        return Template.parse(template).execute(JsonReader.read(NETWORK));
    }

    @Test
    void fieldsNestedFieldsAndTheDot() {
        assertThat(run("{{.Name}}")).isEqualTo("web");
        assertThat(run("{{.IPAM.Driver}}/{{.Id}}")).isEqualTo("default/3f1c2d4e");
        assertThat(run("{{.Internal}} {{.EnableIPv6}} {{.Count}}")).isEqualTo("false true 3");
        assertThat(run("{{.Missing}}|{{.IPAM.Missing}}|{{.Nothing}}|{{index .Labels \"nope\"}}")).isEqualTo("||<nil>|");
        assertThat(run("{{.Names}} {{.Labels}} {{.Containers}}")).isEqualTo("[a b c] map[b:2 team:a] map[]");
        assertThat(run("{{$.Name}} {{with .IPAM}}{{$.Name}}-{{.Driver}}{{end}}")).isEqualTo("web web-default");
    }

    @Test
    void rangeIfElseAndWith() {
        assertThat(run("{{range .IPAM.Config}}{{.Subnet}} {{end}}")).isEqualTo("10.1.0.0/24 fd00::/64 ");
        assertThat(run("{{range .Containers}}x{{else}}none{{end}}")).isEqualTo("none");
        assertThat(run("{{range .Labels}}{{.}},{{end}}")).isEqualTo("2,a,");
        assertThat(run("{{if .Internal}}internal{{else}}external{{end}}")).isEqualTo("external");
        assertThat(run("{{if .Zero}}a{{else if .Empty}}b{{else if .Count}}c{{else}}d{{end}}")).isEqualTo("c");
        assertThat(run("{{with .Nothing}}x{{else}}no{{end}} {{with .Count}}{{.}}{{end}}")).isEqualTo("no 3");
    }

    @Test
    void functionsAndPipes() {
        assertThat(run("{{json .IPAM.Config}}")).isEqualTo("[{\"Subnet\":\"10.1.0.0/24\",\"Gateway\":\"10.1.0.1\"},{\"Subnet\":\"fd00::/64\"}]");
        assertThat(run("{{json .Missing}}")).isEqualTo("null");
        assertThat(run("{{index .Labels \"team\"}} {{index .Names 1}} {{index .IPAM.Config 0 | json}}"))
                .isEqualTo("a b {\"Subnet\":\"10.1.0.0/24\",\"Gateway\":\"10.1.0.1\"}");
        assertThat(run("{{join .Names \", \"}} {{len .Names}} {{len .Name}}")).isEqualTo("a, b, c 3 3");
        assertThat(run("{{upper .Name}} {{.Name | title}} {{lower \"AbC\"}}")).isEqualTo("WEB Web abc");
        assertThat(run("{{printf \"%s:%d%%\" .Name .Count}} {{printf \"%q\" .Name}}")).isEqualTo("web:3% \"web\"");
        assertThat(run("{{println .Name .Count}}")).isEqualTo("web 3\n");
        assertThat(run("{{printf \"[%-5s][%5s][%.2s][%05d][%+d][%-4d][%.1f][%x][%t][%d]\" .Name .Name .Name .Count .Count "
                + ".Count 2.25 255 .Internal .Name}}"))
                .isEqualTo("[web  ][  web][we][00003][+3][3   ][2.2][ff][false][%!d(string=web)]");
        assertThat(run("{{printf \"%s %s\" .Name}}")).isEqualTo("web %!s(MISSING)");
        assertThat(run("{{and .Empty (index .Names 9)}}|{{or .Name (index .Names 9)}}"))
                .as("and/or stop at the answer, as Go's: the failing index is never evaluated").isEqualTo("|web");
        assertThatThrownBy(() -> run("{{index .Names 9}}")).hasMessageContaining("index out of range");
        assertThat(run("{{printf \"%.2f\" 2.675}}")).as("rounded as the binary value, as Go does").isEqualTo("2.67");
        assertThat(run("{{eq .Name \"web\"}} {{ne .Count 3}} {{not .Internal}} {{and .Count .Empty}}|{{or .Empty .Name}}"))
                .isEqualTo("true false true |web");
        assertThat(run("{{index (split \"a:b\" \":\") 1}} {{truncate .Id 4}}")).isEqualTo("b 3f1c");
        assertThat(run("{{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 1).Gateway}}|{{ (index .Names 2) }}"))
                .as("docker's own idiom: a field of a parenthesised pipeline").isEqualTo("10.1.0.0/24 |c");
    }

    @Test
    void trimMarkersCommentsAndRawStrings() {
        assertThat(run("a  {{- .Name -}}  b {{/* a comment */}}c {{`raw \\n`}}")).isEqualTo("awebb c raw \\n");
        assertThat(run("{{range .Names -}}\n  {{.}}\n{{- end}}")).isEqualTo("abc");
        assertThat(run("x {{-\t.Name\n-}} y")).as("any white space beside the dash").isEqualTo("xweby");
    }

    @Test
    void parseErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Template.parse("{{.Name")).hasMessage("template parsing error: unclosed action");
        assertThatThrownBy(() -> Template.parse("{{range .Names}}x")).hasMessageContaining("has no {{end}}");
        assertThatThrownBy(() -> Template.parse("{{end}}")).hasMessageContaining("unexpected {{end}}");
        assertThatThrownBy(() -> Template.parse("{{nosuch .Name}}")).hasMessage("template parsing error: function \"nosuch\" not defined");
        assertThatThrownBy(() -> Template.parse("{{$x := .Name}}")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> Template.parse("{{.Name .Id}}")).hasMessageContaining("only functions take arguments");
        assertThatThrownBy(() -> Template.parse("{{template \"x\"}}")).hasMessageContaining("not supported");
        assertThat(((TemplateException) org.assertj.core.api.Assertions.catchThrowable(() -> Template.parse("{{")))
                .isParseError()).isTrue();
    }

    @Test
    void executionErrorsSayWhichActionFailed() {
        assertThatThrownBy(() -> run("{{index .Names 5}}")).hasMessageContaining("index out of range: 5");
        assertThatThrownBy(() -> run("{{.Name.First}}")).hasMessageContaining("can't evaluate field First in type string");
        assertThatThrownBy(() -> run("{{range .Name}}{{end}}")).hasMessageContaining("range can't iterate over web");
        assertThatThrownBy(() -> run("{{len .Count}}")).hasMessageContaining("len of type number");
    }
}
