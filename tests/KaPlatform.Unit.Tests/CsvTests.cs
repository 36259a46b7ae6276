using KaPlatform.Accounts.Api.Accounts;

namespace KaPlatform.Unit.Tests;

/// <summary>The account import's RFC 4180 reader: quotes, line numbers for error reports, Excel's BOM and CRLF.</summary>
public sealed class CsvTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_records_know_their_first_line()
    {
        var records = Csv.Read("\uFEFFname,region\r\n\"中国移动, 江苏\",华东\r\n\"多行\n备注 \"\"引号\"\"\",华南\r\n").ToList();
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
        Assert.Equal(["name", "region"], records[0].Fields);
        Assert.Equal(["中国移动, 江苏", "华东"], records[1].Fields);
        Assert.Equal(["多行\n备注 \"引号\"", "华南"], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Blank_lines_are_not_records_and_a_line_after_a_multi_line_field_keeps_its_number()
    {
        var records = Csv.Read("a,b\n\n\"x\ny\",z\nlast,one").ToList();
        Assert.Equal([1, 3, 5], records.Select(r => r.Line));
        Assert.Equal(["last", "one"], records[2].Fields);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_record_where_it_starts()
    {
        var record = Assert.Single(Csv.Read("\"never closed,华东\n下一行"));
        Assert.Equal(1, record.Line);
        Assert.Equal("a quoted field is not closed", record.Error);
    }

    [Fact]
    public void Empty_fields_are_kept()
    {
        Assert.Equal(["", "", ""], Assert.Single(Csv.Read(",,")).Fields);
    }
}
