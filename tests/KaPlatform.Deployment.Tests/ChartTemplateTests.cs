namespace KaPlatform.Deployment.Tests;

/// <summary>The renderer the chart tests stand on: where it differs from Helm, the chart tests prove nothing.</summary>
public sealed class ChartTemplateTests
{
    private static readonly Dictionary<string, object?> Root = new()
    {
        ["Values"] = new Dictionary<string, object?>
        {
            ["name"] = "ka",
            ["on"] = true,
            ["off"] = false,
            ["map"] = new Dictionary<string, object?> { ["b"] = 2L, ["a"] = 1L },
            ["limits"] = new Dictionary<string, object?> { ["memory"] = "1Gi", ["cpu"] = "1" },
        },
    };

    [Theory]
    [InlineData("x: {{ .Values.name }}", "x: ka")]
    [InlineData("x: {{ .Values.name | quote }}", "x: \"ka\"")]
    [InlineData("a\n{{- if .Values.on }}\nyes\n{{- end }}", "a\nyes")]
    [InlineData("a\n{{- if .Values.off }}\nyes\n{{- else }}\nno\n{{- end }}", "a\nno")]
    [InlineData("{{- range $k, $v := .Values.map }}\n{{ $k }}={{ $v }}\n{{- end }}", "\na=1\nb=2")]
    [InlineData("{{ range $k, $v := .Values.map }}{{ printf \"%s-%s\" $.Values.name $k }} {{ end }}", "ka-a ka-b ")]
    [InlineData("r:\n{{ toYaml .Values.limits | indent 2 }}", "r:\n  cpu: \"1\"\n  memory: 1Gi")]
    [InlineData("{{ .Values.missing | default \"d\" }}", "d")]
    public void Renders_like_helm(string template, string expected) =>
        Assert.Equal(expected, ChartTemplate.Render(template, Root));

    [Theory]
    [InlineData("{{ include \"x\" . }}")]
    [InlineData("{{ .Values.name | upper }}")]
    [InlineData("{{ if .Values.on }}never closed")]
    [InlineData("{{ $nope }}")]
    public void Refuses_what_it_does_not_understand(string template) =>
        Assert.Throws<FormatException>(() => ChartTemplate.Render(template, Root));
}
