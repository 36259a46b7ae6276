using System.Text;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Unit.Tests;

/// <summary>docs/api-contract.md, "Paging cursors": opaque, round-trip, and anything we did not write is a 400 naming `cursor`.</summary>
public sealed class PagingTests
{
    [Theory]
    [InlineData("01a23427-6184-7c7d-a1af-e441981971da")]
    [InlineData("浙江移动\u001f01a23427-6184-7c7d-a1af-e441981971da")]
    public void A_cursor_we_wrote_decodes_to_its_key(string key) => Assert.Equal(key, Paging.Decode(Paging.Encode(key)));

    [Fact]
    public void Cursors_are_url_safe_without_padding()
    {
        var cursor = Paging.Encode("??>>??>>" + new string('中', 20));
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.DoesNotContain('=', cursor);
    }

    public static TheoryData<string> Forged() =>
    [
        "not base64 at all!",
        Convert.ToBase64String([0xff, 0xfe, 0xfd]),          // not UTF-8
        Convert.ToBase64String(Encoding.UTF8.GetBytes("a\0b")), // NUL
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', 501))),
    ];

    [Theory]
    [MemberData(nameof(Forged))]
    public void A_cursor_we_did_not_write_is_invalid_cursor(string cursor)
    {
        var refusal = Assert.Throws<BusinessRuleException>(() => Paging.Decode(cursor));
        Assert.Equal("invalid_cursor", refusal.Code);
        Assert.Equal(400, refusal.Status);
    }

    [Fact]
    public void A_list_keyed_by_id_refuses_a_cursor_without_a_uuid()
    {
        var id = Guid.CreateVersion7();
        Assert.Equal(id, Paging.DecodeId(Paging.Encode(id.ToString())));
        Assert.Null(Paging.DecodeId(null));
        Assert.Equal("invalid_cursor", Assert.Throws<BusinessRuleException>(() => Paging.DecodeId(Paging.Encode("浙江移动"))).Code);
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData(1, 1)]
    [InlineData(500, 500)]
    public void The_limit_defaults_to_50_and_goes_up_to_500(int? requested, int expected) => Assert.Equal(expected, Paging.Limit(requested));

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    [InlineData(-3)]
    public void A_limit_outside_1_to_500_is_invalid_limit(int requested) =>
        Assert.Equal("invalid_limit", Assert.Throws<BusinessRuleException>(() => Paging.Limit(requested)).Code);

    [Fact]
    public void A_page_keeps_the_limit_and_points_past_its_last_row_only_when_more_exist()
    {
        var rows = Enumerable.Range(1, 4).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var page = Paging.ToPage(rows, 3, r => r);
        Assert.Equal(["1", "2", "3"], page.Items);
        Assert.Equal("3", Paging.Decode(page.NextCursor));
        Assert.Null(Paging.ToPage(rows, 4, r => r).NextCursor);
    }
}
